/**
 * openCliSession with the session cache: a fresh cache of the same sign-in is
 * used with no request at all (the profile's endpoint is a dead port, and the
 * token refresh is a mock that must not be called); anything else refreshes.
 */
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { openCliSession } from '../../../src/cli/open-session';
import { saveSessionCache, type CachedSession } from '../../../src/cli/session-cache';
import { FileSessionStore } from '../../../src/cli/session-file';
import { refresh } from '../../../src/main/vault/auth/refresh';
import { cognitoTokens } from '../../../src/main/vault/auth/tokens';
import { VaultError } from '../../../src/main/vault/errors';
import { IDENTITY, storedSession } from './stored-session';
import { fakeJwt } from '../../support/fake-jwt';

vi.mock('../../../src/main/vault/auth/refresh', () => ({ refresh: vi.fn() }));
const refreshMock = vi.mocked(refresh);

const MINUTE = 60_000;

// Nothing listens at its endpoint: any request would fail.
const stored = storedSession({ endpoint: 'http://127.0.0.1:1' });

function cachedSession(options: { tokenMin?: number; credentialsMin?: number; refreshToken?: string } = {}) {
  const exp = Math.floor((Date.now() + (options.tokenMin ?? 60) * MINUTE) / 1000);
  const claims = { 'cognito:username': 'alice', sub: 'sub-1', 'cognito:groups': ['vault-admins'], exp };
  return {
    identityId: IDENTITY,
    tokens: cognitoTokens(
      fakeJwt({ ...claims, token_use: 'id' }),
      fakeJwt({ ...claims, token_use: 'access' }),
      options.refreshToken ?? stored.refreshToken,
    ),
    credentials: {
      accessKeyId: 'ASIACACHED',
      secretAccessKey: 'secret',
      sessionToken: 'session-token',
      expiration: new Date(Date.now() + (options.credentialsMin ?? 60) * MINUTE),
    },
  } satisfies CachedSession;
}

async function signedInHome(cache?: CachedSession, savedAt = Date.now()): Promise<string> {
  const home = mkdtempSync(path.join(tmpdir(), 's3vault-open-session-'));
  const store = new FileSessionStore(home);
  await store.save(stored);
  if (cache) await saveSessionCache(store, cache, savedAt);
  return home;
}

beforeEach(() => {
  refreshMock.mockReset();
  refreshMock.mockRejectedValue(new VaultError('AUTH_REQUIRED', 'Your session has ended; sign in again.'));
});

describe.skipIf(process.platform === 'win32')('openCliSession with the session cache', () => {
  it('opens the session from a fresh cache of the same sign-in without any request', async () => {
    const cache = cachedSession();
    const home = await signedInHome(cache);
    const session = await openCliSession({ env: { S3VAULT_HOME: home } });
    try {
      expect(refreshMock).not.toHaveBeenCalled();
      expect(session).toMatchObject({ username: 'alice', identityId: IDENTITY, isAdmin: true, flow: 'enhanced' });
      expect(await session.currentCredentials()).toEqual(cache.credentials);
      expect(await session.tokens()).toEqual(cache.tokens);
    } finally {
      session.close();
    }
  });

  it('refreshes instead when the cache is of another sign-in, about to expire, or 10 minutes old', async () => {
    for (const [cache, savedAt] of [
      [cachedSession({ refreshToken: 'refresh-token-0' })],
      [cachedSession({ tokenMin: 5 })],
      [cachedSession({ credentialsMin: 5 })],
      [cachedSession(), Date.now() - 10 * MINUTE],
      [undefined],
    ] as Array<[CachedSession | undefined, number?]>) {
      refreshMock.mockClear();
      const home = await signedInHome(cache, savedAt);
      await expect(openCliSession({ env: { S3VAULT_HOME: home } })).rejects.toMatchObject({
        code: 'AUTH_REQUIRED',
        message: 'your session has ended: run s3vault login',
        exitCode: 3,
      });
      expect(refreshMock).toHaveBeenCalledTimes(1);
      expect(refreshMock).toHaveBeenCalledWith(stored.profile, stored.refreshToken, 'alice');
    }
  });

  it('does not use a cache file others can read: it refreshes as without one', async () => {
    const home = await signedInHome(cachedSession());
    chmodSync(new FileSessionStore(home).cacheFile, 0o644);
    await expect(openCliSession({ env: { S3VAULT_HOME: home } })).rejects.toMatchObject({
      code: 'AUTH_REQUIRED',
      message: 'your session has ended: run s3vault login',
    });
    expect(refreshMock).toHaveBeenCalledTimes(1);
  });

  it('uses no cache with a store other than the session file', async () => {
    const home = await signedInHome(cachedSession());
    const store = { load: async () => stored, save: vi.fn(), clear: vi.fn() };
    await expect(openCliSession({ env: { S3VAULT_HOME: home }, store })).rejects.toMatchObject({
      code: 'AUTH_REQUIRED',
    });
    expect(refreshMock).toHaveBeenCalledTimes(1);
  });
});
