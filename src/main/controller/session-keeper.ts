/**
 * The signed-in person of the app: sign-in steps (kept here, with their flow
 * id, so the UI never holds one), the engine session and vault, remembering
 * the sign-in in the host's SessionStore, restoring it at start, and ending
 * it — on sign-out, or when the user pool says the session is over.
 * Tokens and credentials stay in this object; the UI sees a username.
 */
import type { SignInStep as ContractStep, VaultUser } from '../../shared/contract';
import { PendingSignIns, refresh, signIn, type SignedInStep, type SignInProgress } from '../vault/auth';
import type { CognitoTokens } from '../vault/auth/tokens';
import { createVaultSession, type SignedInVaultSession } from '../vault/credentials';
import { VaultError } from '../vault/errors';
import type { VaultProfile } from '../vault/profile';
import type { SessionStore, StoredSession } from '../vault/session-store';
import type { LinkHistory } from '../vault/shares/link-history';
import { createVault, type Vault } from '../vault/vault';
import type { EmitEvent, HostLogger } from './host';

/** The engine calls the keeper makes; tests replace them. */
export interface SessionEngine {
  signIn: typeof signIn;
  refresh: typeof refresh;
  createVaultSession: typeof createVaultSession;
  createVault: typeof createVault;
}

export interface SessionKeeperOptions {
  store: SessionStore;
  history: LinkHistory;
  emit: EmitEvent;
  log: HostLogger;
  engine?: Partial<SessionEngine>;
  now?: () => number;
}

/** A signed-in person: their engine session and vault. */
export interface SignedIn {
  session: SignedInVaultSession;
  vault: Vault;
}

const NO_SESSION = 'Sign in to your vault first.';
const NO_FLOW = 'There is no sign-in waiting for an answer; start again.';

export class SessionKeeper {
  private readonly pending: PendingSignIns;
  private readonly engine: SessionEngine;
  private flowId: string | undefined;
  private current: SignedIn | undefined;

  constructor(private readonly options: SessionKeeperOptions) {
    this.pending = new PendingSignIns(options.now);
    this.engine = { signIn, refresh, createVaultSession, createVault, ...options.engine };
  }

  /** The signed-in person, as the UI sees them. */
  get user(): VaultUser | null {
    return this.current ? userOf(this.current.session) : null;
  }

  /** Starts a sign-in; a pending one is dropped. */
  async signIn(profile: VaultProfile, username: string, password: string): Promise<ContractStep> {
    this.dropFlow();
    const step = await this.engine.signIn(profile, username, password, { now: this.options.now });
    return this.advance(profile, this.pending.track(step));
  }

  /** Answers the pending step (a new password or a six-digit code). */
  async respond(profile: VaultProfile, answer: string): Promise<ContractStep> {
    const flowId = this.flowId;
    if (!flowId) throw new VaultError('AUTH_REQUIRED', NO_FLOW);
    try {
      return await this.advance(profile, await this.pending.respond(flowId, answer));
    } catch (error) {
      // PendingSignIns forgets a flow that cannot go on; so does the keeper.
      if (error instanceof VaultError && error.code === 'AUTH_REQUIRED') this.flowId = undefined;
      throw error;
    }
  }

  /**
   * Opens the remembered session of `profile`, if there is one. A session
   * that has ended is forgotten; one that cannot be checked now (offline) is
   * kept for the next start. Either way the app starts signed out then.
   */
  async restore(profile: VaultProfile): Promise<void> {
    const { store, log } = this.options;
    let stored: StoredSession | null;
    try {
      stored = await store.load();
    } catch (error) {
      log.warn(`the remembered sign-in could not be read: ${messageOf(error)}`);
      await store.clear().catch(() => {});
      return;
    }
    if (!stored) return;
    if (stored.profile.vaultId !== profile.vaultId || stored.profile.userPoolId !== profile.userPoolId) {
      await store.clear();
      return;
    }
    try {
      const tokens = await this.engine.refresh(profile, stored.refreshToken, stored.username);
      await this.open(profile, tokens, { ...stored, profile });
      log.info(`signed in as ${stored.username} (remembered)`);
    } catch (error) {
      if (error instanceof VaultError && (error.code === 'AUTH_REQUIRED' || error.code === 'ACCESS_DENIED')) {
        await store.clear().catch(() => {});
        log.info(`the remembered sign-in has ended: ${error.message}`);
      } else {
        log.warn(`the remembered sign-in could not be opened now: ${messageOf(error)}`);
      }
    }
  }

  /** The signed-in person's vault; AUTH_REQUIRED when nobody is signed in. */
  require(): SignedIn {
    if (!this.current) throw new VaultError('AUTH_REQUIRED', NO_SESSION);
    return this.current;
  }

  /** Runs `task` with the vault; an AUTH_REQUIRED from it means the session is over, and the UI is told. */
  async guard<T>(task: (signedIn: SignedIn) => Promise<T>): Promise<T> {
    const signedIn = this.require();
    try {
      return await task(signedIn);
    } catch (error) {
      this.noticeFailure(error, signedIn);
      throw error;
    }
  }

  /** Ends the session if `error` says it is over (also for failures outside guard, e.g. transfers). */
  noticeFailure(error: unknown, signedIn: SignedIn | undefined = this.current): void {
    if (error instanceof VaultError && error.code === 'AUTH_REQUIRED' && signedIn && signedIn === this.current) {
      this.end(error.message);
    }
  }

  /** Global sign-out; forgets the session on this computer even when the user pool cannot be reached. */
  async signOut(): Promise<void> {
    this.dropFlow();
    const ended = this.current;
    this.current = undefined;
    await this.options.store
      .clear()
      .catch((error: unknown) => this.options.log.error('could not forget the sign-in', error));
    if (ended) {
      try {
        await ended.session.signOut();
      } catch (error) {
        this.options.log.warn(`signed out on this computer only (the user pool was not reached): ${messageOf(error)}`);
      } finally {
        ended.vault.close();
      }
    }
    this.options.emit('session.changed', { user: null });
  }

  /** Closes the session without signing out anywhere (the app switches vaults or quits). */
  close(): void {
    this.dropFlow();
    const closing = this.current;
    this.current = undefined;
    closing?.vault.close();
    closing?.session.close();
  }

  /** The session is over (revoked or expired refresh token): forget it and tell the UI why. */
  private end(reason: string): void {
    this.close();
    void this.options.store.clear().catch(() => {});
    this.options.log.info(`session ended: ${reason}`);
    this.options.emit('session.changed', { user: null, reason });
  }

  private async advance(profile: VaultProfile, progress: SignInProgress): Promise<ContractStep> {
    const { view, signedIn } = progress;
    if (signedIn) {
      this.flowId = undefined;
      return { kind: 'signed-in', user: await this.establish(profile, signedIn) };
    }
    if (view.kind === 'signed-in') throw new VaultError('INTERNAL', 'The sign-in ended without tokens.');
    this.flowId = view.flowId;
    if (view.kind === 'totp-setup-required') {
      return { kind: view.kind, otpauthUri: view.otpauthUri, secretCode: view.secretCode };
    }
    return { kind: view.kind };
  }

  private async establish(profile: VaultProfile, step: SignedInStep): Promise<VaultUser> {
    const user = await this.open(profile, step.tokens, {
      version: 1,
      profile,
      username: step.username,
      refreshToken: step.tokens.refreshToken,
      signedInAt: new Date((this.options.now ?? Date.now)()).toISOString(),
    });
    return user;
  }

  /** Opens the engine session and vault, remembers it, and tells the UI. */
  private async open(profile: VaultProfile, tokens: CognitoTokens, record: StoredSession): Promise<VaultUser> {
    const { store, log, history } = this.options;
    let remembered = record;
    const remember = (next: StoredSession) =>
      store.save(next).catch((error: unknown) => log.error('could not remember the sign-in', error));
    const session = await this.engine.createVaultSession(profile, tokens, {
      identityId: record.identityId,
      onTokens: (fresh) => {
        // The pool may rotate the refresh token: the remembered one must be the newest.
        if (fresh.refreshToken === remembered.refreshToken) return;
        remembered = { ...remembered, refreshToken: fresh.refreshToken };
        return remember(remembered);
      },
    });
    const vault = this.engine.createVault(session, { history });
    this.close();
    this.current = { session, vault };
    remembered = { ...remembered, username: session.username, identityId: session.identityId };
    await remember(remembered);
    const user = userOf(session);
    this.options.emit('session.changed', { user });
    return user;
  }

  private dropFlow(): void {
    if (this.flowId) this.pending.cancel(this.flowId);
    this.flowId = undefined;
  }
}

function userOf(session: SignedInVaultSession): VaultUser {
  return { username: session.username, isAdmin: session.isAdmin };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
