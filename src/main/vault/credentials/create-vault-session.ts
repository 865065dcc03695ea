/**
 * From a signed-in person's tokens to a VaultSession: who they are in the
 * vault (identity id, admin or not) and AWS credentials that stay fresh.
 */
import { globalSignOut, type SignOutResult } from '../auth/sign-out';
import { idTokenClaims, isAdminToken, type CognitoTokens } from '../auth/tokens';
import type { VaultProfile } from '../profile';
import type { VaultSession } from '../session';
import { classicFlowCredentials } from './classic-flow';
import { enhancedFlowCredentials, getIdentityId } from './enhanced-flow';
import { classifyIdentityError } from './identity-errors';
import { createRefreshingCredentials } from './refreshing-credentials';
import { TokenKeeper, type TokenKeeperOptions } from './token-keeper';
import { identityClients, type IdentityClients, type VaultCredentials } from './vault-credentials';

export interface VaultSessionOptions {
  /** The identity id of an earlier session of the same person and vault: saves the GetId call. */
  identityId?: string;
  /** Credentials of an earlier run of this session, still valid (with identityId): saves the first credentials call. */
  credentials?: VaultCredentials;
  /** Refresh AWS credentials when fewer than this many seconds remain (default 300). */
  earlyRefreshSeconds?: number;
  /** Refresh the user pool tokens when fewer than this many seconds remain (default 120). */
  tokenMarginSeconds?: number;
  /** Epoch ms (tests). */
  now?: () => number;
  /** Called with each new set of user pool tokens (save a rotated refresh token here). */
  onTokens?: TokenKeeperOptions['onTokens'];
  /** SDK clients to use instead of ones made from the profile (tests). */
  clients?: IdentityClients;
  /** The token refresh call (tests). */
  refresh?: TokenKeeperOptions['refresh'];
}

/** A VaultSession made from a sign-in, with what only the sign-in side needs. */
export interface SignedInVaultSession extends VaultSession {
  /** `enhanced` (one-hour credentials) or `classic` (profile.sessionSeconds). */
  readonly flow: 'enhanced' | 'classic';
  /** The user pool tokens, refreshed first when close to expiry (for TOTP set-up and sign-out). Main process only. */
  tokens(): Promise<CognitoTokens>;
  /** Global sign-out (every device of this account), then close(). */
  signOut(): Promise<SignOutResult>;
  /** Releases the SDK clients' connections. The session must not be used afterwards. */
  close(): void;
}

/**
 * Builds the session: GetId (unless `identityId` is given), then the first
 * credentials, so that an account without access to the vault fails here
 * (ACCESS_DENIED) and not at the first upload.
 * @throws VaultError AUTH_REQUIRED when the tokens are revoked or expired and cannot be refreshed
 */
export async function createVaultSession(
  profile: VaultProfile,
  tokens: CognitoTokens,
  options: VaultSessionOptions = {},
): Promise<SignedInVaultSession> {
  const now = options.now ?? Date.now;
  const clients = options.clients ?? identityClients(profile);
  const username = idTokenClaims(tokens.idToken).username;
  const keeper = new TokenKeeper(profile, username, tokens, {
    marginSeconds: options.tokenMarginSeconds,
    now,
    onTokens: options.onTokens,
    refresh: options.refresh,
  });
  const flow = profile.sessionSeconds === undefined ? 'enhanced' : 'classic';

  /** Runs one identity-pool call with a fresh ID token; once more after a token refresh if the pool refuses it. */
  const withIdToken = async <T>(call: (idToken: string) => Promise<T>): Promise<T> => {
    const { idToken } = await keeper.fresh();
    try {
      return await call(idToken);
    } catch (error) {
      const classified = classifyIdentityError(error);
      if (!classified.tokenRejected) throw classified.error;
      // The pool knows better than our clock (revocation, skew): refresh, which says AUTH_REQUIRED if the session is over.
      const again = await keeper.refresh();
      try {
        return await call(again.idToken);
      } catch (retryError) {
        throw classifyIdentityError(retryError).error;
      }
    }
  };

  try {
    const identityId = options.identityId ?? (await withIdToken((idToken) => getIdentityId(clients, profile, idToken)));
    const fetchCredentials = (): Promise<VaultCredentials> =>
      withIdToken((idToken) =>
        profile.sessionSeconds === undefined
          ? enhancedFlowCredentials(clients, profile, identityId, idToken)
          : classicFlowCredentials(clients, profile, identityId, idToken, profile.sessionSeconds),
      );
    const credentials = createRefreshingCredentials(fetchCredentials, {
      earlyRefreshSeconds: options.earlyRefreshSeconds,
      now,
      initial: options.credentials,
    });
    await credentials.get();

    let closed = false;
    const close = (): void => {
      if (closed) return;
      closed = true;
      clients.identity.destroy();
      clients.sts.destroy();
    };
    return {
      profile,
      username,
      identityId,
      // A getter: group membership can change with a token refresh.
      get isAdmin() {
        return isAdminToken(keeper.current.idToken);
      },
      flow,
      credentials: credentials.provider,
      currentCredentials: () => credentials.get(),
      tokens: () => keeper.fresh(),
      async signOut() {
        try {
          return await globalSignOut(profile, keeper.current, { now });
        } finally {
          close();
        }
      },
      close,
    };
  } catch (error) {
    if (!options.clients) {
      clients.identity.destroy();
      clients.sts.destroy();
    }
    throw error;
  }
}
