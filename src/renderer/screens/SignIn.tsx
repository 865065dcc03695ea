import { useState } from 'react';
import type { ProfileSummary, SignInStep } from '../../shared/contract';
import { call } from '../call';
import { ErrorAlert } from '../components/ErrorAlert';
import type { PendingStep } from '../session/use-session';
import { useAction } from '../use-action';
import { vault } from '../vault';
import { ChallengeForm } from './ChallengeForm';
import { TryLocalForm } from './TryLocalForm';

interface SignInProps {
  profile: ProfileSummary;
  /** Why the last session ended (expired, signed out elsewhere), shown once. */
  reason?: string;
  step?: PendingStep;
  onStep: (step: SignInStep) => void;
}

export function SignIn({ profile, reason, step, onStep }: SignInProps) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();
  // A local vault belongs to whoever holds its folder: anyone here may add an account to it.
  const [newAccount, setNewAccount] = useState(false);

  return (
    <section className="card sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in</h1>
      <p className="hint">
        {profile.kind === 'local'
          ? 'Local vault on this computer.'
          : `Vault ${profile.vaultId} · bucket ${profile.bucket} · ${profile.region}`}
      </p>
      {reason && !error ? <ErrorAlert error={{ code: 'AUTH_REQUIRED', message: reason }} /> : null}
      {step ? (
        <ChallengeForm key={step.kind} step={step} onStep={onStep} />
      ) : newAccount ? (
        <>
          <TryLocalForm id="sign-in-new-account" onStep={onStep} />
          <button type="button" className="link-button" onClick={() => setNewAccount(false)}>
            Back to sign in
          </button>
        </>
      ) : (
        <form
          className="stack"
          onSubmit={async (event) => {
            event.preventDefault();
            const next = await run(() => call(vault.auth.signIn({ username: username.trim(), password })));
            if (next) {
              setPassword('');
              onStep(next);
            }
          }}
        >
          <label className="field">
            <span>Username</span>
            <input
              value={username}
              onChange={(event) => setUsername(event.target.value)}
              autoComplete="username"
              required
              autoFocus
            />
          </label>
          <label className="field">
            <span>Password</span>
            <input
              type="password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              autoComplete="current-password"
              required
            />
          </label>
          <ErrorAlert error={error} />
          <div className="actions">
            {profile.kind === 'local' ? (
              <button type="button" className="link-button" onClick={() => setNewAccount(true)}>
                New account…
              </button>
            ) : null}
            <span className="toolbar-spacer" />
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Signing in…' : 'Sign in'}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
