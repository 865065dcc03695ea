/** Use: `const session = await openCliSession();` in any command that needs a signed-in person (exit 3 if none). */
import { refresh } from '../main/vault/auth/refresh';
import { createVaultSession, type SignedInVaultSession } from '../main/vault/credentials/create-vault-session';
import { VaultError } from '../main/vault/errors';
import type { SessionStore } from '../main/vault/session-store';
import { CliVaultError, EXIT_CODES } from './cli-errors';
import { loadSessionCache, saveSessionCache } from './session-cache';
import { FileSessionStore, s3vaultHome } from './session-file';

export interface OpenCliSessionOptions {
  /** Where S3VAULT_HOME is read from; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** The session store; default `$S3VAULT_HOME/session.json` (see session-file.ts). */
  store?: SessionStore;
  /** Refresh AWS credentials when fewer than this many seconds remain (default 300). */
  earlyRefreshSeconds?: number;
}

/** The one sentence for "there is no usable sign-in", with exit code 3. */
export const NOT_SIGNED_IN = 'not signed in: run s3vault login';

/**
 * Opens the remembered sign-in: refreshes its tokens, then builds the
 * VaultSession (identity id, admin flag, refreshing credentials). Within the
 * lifetime of what an earlier run got, it reuses that instead (see
 * session-cache.ts) and makes no request. Call
 * `session.close()` when done so the process can exit promptly.
 *
 * @throws CliVaultError AUTH_REQUIRED, exit 3: "not signed in: run s3vault login" when nothing is
 *   remembered, "your session has ended: run s3vault login" when the refresh token is revoked or expired;
 *   other engine errors as CliVaultError with their code (see cli-errors.ts EXIT_CODES)
 */
export async function openCliSession(options: OpenCliSessionOptions = {}): Promise<SignedInVaultSession> {
  const store = options.store ?? new FileSessionStore(s3vaultHome(options.env ?? process.env));
  try {
    const stored = await store.load();
    if (!stored) throw new CliVaultError('AUTH_REQUIRED', NOT_SIGNED_IN, EXIT_CODES.AUTH_REQUIRED);
    let saved = stored.refreshToken;
    // Cognito may rotate refresh tokens: keep the newest, or the next run would present a spent one.
    const keep = async (refreshToken: string): Promise<void> => {
      if (refreshToken === saved) return;
      saved = refreshToken;
      await store.save({ ...stored, refreshToken });
    };
    const fileStore = store instanceof FileSessionStore ? store : undefined;
    const cached = fileStore && (await loadSessionCache(fileStore, stored));
    const tokens = cached?.tokens ?? (await refresh(stored.profile, stored.refreshToken, stored.username));
    await keep(tokens.refreshToken);
    const session = await createVaultSession(stored.profile, tokens, {
      identityId: cached?.identityId ?? stored.identityId,
      credentials: cached?.credentials,
      earlyRefreshSeconds: options.earlyRefreshSeconds,
      onTokens: (next) => keep(next.refreshToken),
    });
    if (fileStore && !cached) {
      const [current, credentials] = await Promise.all([session.tokens(), session.currentCredentials()]);
      await saveSessionCache(fileStore, { identityId: session.identityId, tokens: current, credentials });
    }
    return session;
  } catch (error) {
    if (error instanceof CliVaultError) throw error;
    if (error instanceof VaultError && error.code === 'AUTH_REQUIRED') {
      throw new CliVaultError('AUTH_REQUIRED', 'your session has ended: run s3vault login', EXIT_CODES.AUTH_REQUIRED);
    }
    if (error instanceof VaultError) throw new CliVaultError(error.code, error.message);
    throw error;
  }
}
