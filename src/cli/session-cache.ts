/**
 * What one CLI run leaves for the next: the user pool tokens and the AWS
 * credentials it got, so a command run within their lifetime skips the token
 * refresh and the identity-pool call (two round trips and ~0.2 s of a 0.5 s
 * `s3vault ls` here). Like the AWS CLI's credential cache, it lives beside the
 * session (`session-cache.json`, 0600 in the 0700 folder, written atomically)
 * and holds nothing more powerful than the refresh token next to it: tokens
 * that expire within the hour and credentials that expire within their
 * session. It is tied to that refresh token (by hash), so a new sign-in or a
 * sign-out makes it void, and it is used for MAX_AGE_MS only: a revocation
 * elsewhere (global sign-out, a user disabled or moved out of the vault's
 * groups) reaches the CLI within that time, as it did at its next command
 * before. Anything damaged, unreadable or stale is ignored.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { cognitoTokens, type CognitoTokens } from '../main/vault/auth/tokens';
import type { VaultCredentials } from '../main/vault/credentials/vault-credentials';
import type { StoredSession } from '../main/vault/session-store';
import type { FileSessionStore } from './session-file';

/** Ignore a cache whose tokens or credentials have less than this left (the engine would refresh them at once). */
const MIN_LEFT_MS = 6 * 60 * 1000;
/** Ignore a cache older than this (see above). */
const MAX_AGE_MS = 10 * 60 * 1000;

const cacheSchema = z.object({
  version: z.literal(1),
  savedAt: z.number(),
  refreshTokenHash: z.string(),
  identityId: z.string(),
  idToken: z.string(),
  accessToken: z.string(),
  credentials: z.object({
    accessKeyId: z.string(),
    secretAccessKey: z.string(),
    sessionToken: z.string(),
    expiration: z.string(),
  }),
});

export interface CachedSession {
  identityId: string;
  tokens: CognitoTokens;
  credentials: VaultCredentials;
}

/** The cache for `stored`, if it is for this very sign-in and still has a few minutes of life. */
export async function loadSessionCache(
  store: FileSessionStore,
  stored: StoredSession,
  now = Date.now(),
): Promise<CachedSession | undefined> {
  const parsed = z.safeParse(cacheSchema, await store.loadCache());
  if (!parsed.success) return undefined;
  const cache = parsed.data;
  if (cache.refreshTokenHash !== hashOf(stored.refreshToken)) return undefined;
  if (!(now - cache.savedAt < MAX_AGE_MS && cache.savedAt <= now)) return undefined;
  if (stored.identityId !== undefined && cache.identityId !== stored.identityId) return undefined;
  let tokens: CognitoTokens;
  try {
    tokens = cognitoTokens(cache.idToken, cache.accessToken, stored.refreshToken);
  } catch {
    return undefined;
  }
  const expiration = new Date(cache.credentials.expiration);
  const fresh = (at: Date) => at.getTime() - now > MIN_LEFT_MS;
  if (!fresh(tokens.expiresAt) || !fresh(expiration)) return undefined;
  return { identityId: cache.identityId, tokens, credentials: { ...cache.credentials, expiration } };
}

/** Remembers this run's tokens and credentials for the next; a failure to write only costs the next run time. */
export async function saveSessionCache(
  store: FileSessionStore,
  cached: CachedSession,
  now = Date.now(),
): Promise<void> {
  const { identityId, tokens, credentials } = cached;
  try {
    await store.saveCache({
      version: 1,
      savedAt: now,
      refreshTokenHash: hashOf(tokens.refreshToken),
      identityId,
      idToken: tokens.idToken,
      accessToken: tokens.accessToken,
      credentials: {
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: credentials.secretAccessKey,
        sessionToken: credentials.sessionToken ?? '',
        expiration: credentials.expiration.toISOString(),
      },
    });
  } catch {
    // See above.
  }
}

function hashOf(refreshToken: string): string {
  return createHash('sha256').update(refreshToken).digest('base64url');
}
