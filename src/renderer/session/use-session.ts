import { useCallback, useEffect, useState } from 'react';
import type { ProfileSummary, SignInStep, VaultUser } from '../../shared/contract';
import { call, toErrorInfo } from '../call';
import type { ActionError } from '../use-action';
import { vault } from '../vault';

/** A sign-in step still waiting for an answer (new password, code). */
export type PendingStep = Exclude<SignInStep, { kind: 'signed-in' }>;

/** Which screen the window shows; the truth behind it lives in main and arrives through vault.state and events. */
export type Screen =
  | { kind: 'loading' }
  | { kind: 'unavailable'; error: ActionError }
  | { kind: 'first-run' }
  | { kind: 'sign-in'; profile: ProfileSummary; reason?: string; step?: PendingStep }
  | { kind: 'vault'; profile: ProfileSummary; user: VaultUser };

interface SignInExtra {
  reason?: string;
  step?: PendingStep;
}

/** Asks main where things stand and turns it into the screen to show. */
async function currentScreen(extra?: SignInExtra): Promise<Screen> {
  try {
    const state = await call(vault.vault.state());
    if (!state.profile) return { kind: 'first-run' };
    if (state.user) return { kind: 'vault', profile: state.profile, user: state.user };
    return { kind: 'sign-in', profile: state.profile, ...extra };
  } catch (error) {
    return { kind: 'unavailable', error: toErrorInfo(error) };
  }
}

export function useSession() {
  const [screen, setScreen] = useState<Screen>({ kind: 'loading' });

  const reload = useCallback((extra?: SignInExtra) => currentScreen(extra).then(setScreen), []);

  /** After tryLocal, signIn or respond: the vault when signed in, else the step that is asked for. */
  const advance = useCallback(
    (step: SignInStep) => void reload(step.kind === 'signed-in' ? undefined : { step }),
    [reload],
  );

  useEffect(() => {
    let active = true;
    void currentScreen().then((next) => active && setScreen(next));
    const unsubscribe = vault.on('session.changed', ({ user, reason }) => {
      void currentScreen(user ? undefined : { reason }).then(setScreen);
    });
    return () => {
      active = false;
      unsubscribe();
    };
  }, []);

  return { screen, reload, advance };
}
