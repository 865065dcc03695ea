import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSessionCache, saveSessionCache, type CachedSession } from '../../../src/cli/session-cache';
import { FileSessionStore, SESSION_CACHE_FILE_NAME } from '../../../src/cli/session-file';
import { cognitoTokens } from '../../../src/main/vault/auth/tokens';
import { IDENTITY, storedSession } from './stored-session';
import { fakeJwt } from '../../support/fake-jwt';

const temp = () => mkdtempSync(path.join(tmpdir(), 's3vault-session-cache-'));

const MINUTE = 60_000;
const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

const stored = storedSession();

const jwt = (kind: string, expMs: number) =>
  fakeJwt({ 'cognito:username': 'alice', sub: 'sub-1', token_use: kind, exp: Math.floor(expMs / 1000) });

/** What a run would cache: tokens whose ID / access token expire after the given minutes, and credentials too. */
function cachedSession(
  options: {
    idMin?: number;
    accessMin?: number;
    credentialsMin?: number;
    refreshToken?: string;
    identityId?: string;
  } = {},
): CachedSession {
  const { idMin = 60, accessMin = 60, credentialsMin = 60 } = options;
  return {
    identityId: options.identityId ?? IDENTITY,
    tokens: cognitoTokens(
      jwt('id', NOW + idMin * MINUTE),
      jwt('access', NOW + accessMin * MINUTE),
      options.refreshToken ?? stored.refreshToken,
    ),
    credentials: {
      accessKeyId: 'ASIAEXAMPLE',
      secretAccessKey: 'secret',
      sessionToken: 'session-token',
      expiration: new Date(NOW + credentialsMin * MINUTE),
    },
  };
}

/** Saves as a run at `at` (default NOW) would. */
const save = (store: FileSessionStore, cached: CachedSession, at = NOW) => saveSessionCache(store, cached, at);

describe.skipIf(process.platform === 'win32')('session cache', () => {
  it('gives back what was saved, with the expiration as a Date, for the same sign-in', async () => {
    const store = new FileSessionStore(path.join(temp(), 's3vault'));
    expect(await loadSessionCache(store, stored, NOW)).toBeUndefined(); // nothing yet
    const saved = cachedSession({ idMin: 50, accessMin: 55 });
    await save(store, saved);

    const loaded = await loadSessionCache(store, stored, NOW);
    expect(loaded).toEqual(saved);
    expect(loaded?.credentials.expiration).toBeInstanceOf(Date);
    expect(loaded?.tokens.expiresAt).toEqual(new Date(NOW + 50 * MINUTE)); // the earlier of the two
    expect(loaded?.tokens.refreshToken).toBe(stored.refreshToken);

    // A session saved without its identity id takes the cache's.
    const { identityId: _omitted, ...withoutIdentity } = stored;
    expect((await loadSessionCache(store, withoutIdentity, NOW))?.identityId).toBe(IDENTITY);
  });

  it('keeps the refresh token out of the file: only its SHA-256 hash is there', async () => {
    const store = new FileSessionStore(temp());
    await save(store, cachedSession());
    const text = readFileSync(store.cacheFile, 'utf8');
    expect(text).not.toContain(stored.refreshToken);
    const json = JSON.parse(text) as Record<string, unknown>;
    expect(json).toMatchObject({
      version: 1,
      savedAt: NOW,
      refreshTokenHash: createHash('sha256').update(stored.refreshToken).digest('base64url'),
      identityId: IDENTITY,
      credentials: { expiration: new Date(NOW + 60 * MINUTE).toISOString() },
    });
  });

  it('ignores a cache of another sign-in (refresh token) or another identity', async () => {
    const store = new FileSessionStore(temp());
    await save(store, cachedSession({ refreshToken: 'refresh-token-0' }));
    expect(await loadSessionCache(store, stored, NOW)).toBeUndefined();
    await save(store, cachedSession({ identityId: 'us-east-1:99999999-2222-3333-4444-555555555555' }));
    expect(await loadSessionCache(store, stored, NOW)).toBeUndefined();
    await save(store, cachedSession());
    expect(await loadSessionCache(store, { ...stored, refreshToken: 'refresh-token-2' }, NOW)).toBeUndefined();
  });

  it('ignores tokens or credentials with 6 minutes or less left', async () => {
    const store = new FileSessionStore(temp());
    const cases: Array<[Parameters<typeof cachedSession>[0], boolean]> = [
      [{ idMin: 6.1 }, true],
      [{ idMin: 6 }, false],
      [{ idMin: 5 }, false],
      [{ accessMin: 5.9 }, false],
      [{ credentialsMin: 6.1 }, true],
      [{ credentialsMin: 6 }, false],
      [{ credentialsMin: 2 }, false],
      [{ idMin: -1, accessMin: -1, credentialsMin: -1 }, false],
    ];
    for (const [options, usable] of cases) {
      await save(store, cachedSession(options));
      const loaded = await loadSessionCache(store, stored, NOW);
      expect({ options, usable: loaded !== undefined }).toEqual({ options, usable });
    }
  });

  it('is used for 10 minutes after it was written, and not when written "later" than now', async () => {
    const store = new FileSessionStore(temp());
    await save(store, cachedSession());
    expect(await loadSessionCache(store, stored, NOW)).toBeDefined();
    expect(await loadSessionCache(store, stored, NOW + 9.9 * MINUTE)).toBeDefined();
    expect(await loadSessionCache(store, stored, NOW + 10 * MINUTE)).toBeUndefined();
    expect(await loadSessionCache(store, stored, NOW + 30 * MINUTE)).toBeUndefined();
    // A clock set back (or a cache from the future) does not stretch that.
    expect(await loadSessionCache(store, stored, NOW - 1)).toBeUndefined();
    // Within the 10 minutes, what is left still counts: tokens with 15 minutes left, read 9.5 minutes on.
    await save(store, cachedSession({ idMin: 15 }));
    expect(await loadSessionCache(store, stored, NOW + 8 * MINUTE)).toBeDefined();
    expect(await loadSessionCache(store, stored, NOW + 9.5 * MINUTE)).toBeUndefined();
  });

  it('ignores a damaged file or one of the wrong shape, without throwing', async () => {
    const store = new FileSessionStore(temp());
    await save(store, cachedSession());
    const good = JSON.parse(readFileSync(store.cacheFile, 'utf8')) as Record<string, unknown>;
    const credentials = good.credentials as Record<string, unknown>;
    const bad: string[] = [
      '',
      '{not json',
      'null',
      '[]',
      '"text"',
      JSON.stringify({ ...good, version: 2 }),
      JSON.stringify({ ...good, savedAt: undefined }), // the first format, without savedAt
      JSON.stringify({ ...good, savedAt: new Date(NOW).toISOString() }),
      JSON.stringify({ ...good, refreshTokenHash: undefined }),
      JSON.stringify({ ...good, identityId: 42 }),
      JSON.stringify({ ...good, credentials: undefined }),
      JSON.stringify({ ...good, credentials: { ...credentials, secretAccessKey: undefined } }),
      JSON.stringify({ ...good, credentials: { ...credentials, expiration: 'not a date' } }),
      JSON.stringify({ ...good, idToken: 'not-a-jwt' }),
      JSON.stringify({ ...good, idToken: 'a.%%%.c' }),
      JSON.stringify({ ...good, idToken: fakeJwt({ 'cognito:username': 'alice' }) }), // no exp
    ];
    for (const text of bad) {
      writeFileSync(store.cacheFile, text, { mode: 0o600 });
      await expect(loadSessionCache(store, stored, NOW), text).resolves.toBeUndefined();
    }
    writeFileSync(store.cacheFile, JSON.stringify(good), { mode: 0o600 });
    expect(await loadSessionCache(store, stored, NOW)).toBeDefined();
  });

  it('writes the cache 0600 in a 0700 folder, atomically, beside the session', async () => {
    const home = path.join(temp(), 's3vault');
    const store = new FileSessionStore(home);
    await store.save(stored);
    await save(store, cachedSession());
    await save(store, cachedSession({ credentialsMin: 30 }));
    expect(store.cacheFile).toBe(path.join(home, SESSION_CACHE_FILE_NAME));
    expect(statSync(store.cacheFile).mode & 0o777).toBe(0o600);
    expect(statSync(home).mode & 0o777).toBe(0o700);
    expect(readdirSync(home).sort()).toEqual(['session-cache.json', 'session.json']);
    expect((await loadSessionCache(store, stored, NOW))?.credentials.expiration).toEqual(new Date(NOW + 30 * MINUTE));
  });

  it('ignores a cache file others can read, or anything but a regular file of ours, and replaces it', async () => {
    const home = temp();
    const store = new FileSessionStore(home);
    await save(store, cachedSession());
    for (const mode of [0o644, 0o640, 0o604]) {
      chmodSync(store.cacheFile, mode);
      await expect(store.loadCache()).resolves.toBeNull();
      await expect(loadSessionCache(store, stored, NOW)).resolves.toBeUndefined();
    }
    // Saving again puts a private file in its place.
    await save(store, cachedSession());
    expect(statSync(store.cacheFile).mode & 0o777).toBe(0o600);
    expect(await loadSessionCache(store, stored, NOW)).toBeDefined();

    // A symbolic link to a (private, valid) cache elsewhere is not followed.
    const elsewhere = path.join(temp(), 'cache.json');
    renameSync(store.cacheFile, elsewhere);
    symlinkSync(elsewhere, store.cacheFile);
    await expect(store.loadCache()).resolves.toBeNull();
    await expect(loadSessionCache(store, stored, NOW)).resolves.toBeUndefined();
    await save(store, cachedSession());
    expect(lstatSync(store.cacheFile).isFile()).toBe(true);

    // A folder in its place: ignored, cannot be replaced (no throw), and removed by clear().
    rmSync(store.cacheFile);
    mkdirSync(path.join(store.cacheFile, 'inside'), { recursive: true });
    await expect(loadSessionCache(store, stored, NOW)).resolves.toBeUndefined();
    await expect(save(store, cachedSession())).resolves.toBeUndefined();
    await store.clear();
    expect(existsSync(store.cacheFile)).toBe(false);
    expect(readdirSync(home)).toEqual([]);
  });

  it('clear() removes both the session and its cache', async () => {
    const home = temp();
    const store = new FileSessionStore(home);
    await store.save(stored);
    await save(store, cachedSession());
    expect(existsSync(store.cacheFile)).toBe(true);
    await store.clear();
    expect(existsSync(store.file)).toBe(false);
    expect(existsSync(store.cacheFile)).toBe(false);
    expect(readdirSync(home)).toEqual([]);
    await store.clear(); // nothing left: still fine
    // A cache without a session is removed too.
    await save(store, cachedSession());
    await store.clear();
    expect(existsSync(store.cacheFile)).toBe(false);
  });

  it('never throws when the cache cannot be written', async () => {
    const file = path.join(temp(), 'not-a-folder');
    writeFileSync(file, 'x');
    const store = new FileSessionStore(file);
    await expect(save(store, cachedSession())).resolves.toBeUndefined();
    await expect(save(new FileSessionStore(path.join(file, 'below')), cachedSession())).resolves.toBeUndefined();
    // And what cannot be read as a folder's file is simply absent.
    await expect(loadSessionCache(new FileSessionStore(path.join(temp(), 'missing')), stored, NOW)).resolves.toBe(
      undefined,
    );
  });
});
