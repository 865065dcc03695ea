import { describe, expect, it, vi } from 'vitest';
import { createRefreshingCredentials } from '../../../../src/main/vault/credentials/refreshing-credentials';
import type { VaultCredentials } from '../../../../src/main/vault/credentials/vault-credentials';
import { VaultError } from '../../../../src/main/vault/errors';

const HOUR = 3_600_000;

/** A fetcher that issues numbered one-hour credentials on a test clock, optionally slowly. */
function issuer(clock: { now: number }) {
  let n = 0;
  return vi.fn(async (): Promise<VaultCredentials> => {
    n += 1;
    await new Promise((resolve) => setTimeout(resolve, 5));
    return { accessKeyId: `KEY${n}`, secretAccessKey: 's', sessionToken: 't', expiration: new Date(clock.now + HOUR) };
  });
}

describe('createRefreshingCredentials', () => {
  it('serves the cache until fewer than earlyRefreshSeconds remain, then refreshes', async () => {
    const clock = { now: 0 };
    const fetch = issuer(clock);
    const credentials = createRefreshingCredentials(fetch, { now: () => clock.now });
    expect((await credentials.get()).accessKeyId).toBe('KEY1');
    clock.now = HOUR - 301_000;
    expect((await credentials.get()).accessKeyId).toBe('KEY1');
    clock.now = HOUR - 299_000;
    expect((await credentials.get()).accessKeyId).toBe('KEY2');
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('lets concurrent callers share one refresh (single flight)', async () => {
    const clock = { now: 0 };
    const fetch = issuer(clock);
    const credentials = createRefreshingCredentials(fetch, { now: () => clock.now });
    const all = await Promise.all(Array.from({ length: 20 }, () => credentials.provider()));
    expect(new Set(all.map((c) => c.accessKeyId))).toEqual(new Set(['KEY1']));
    expect(fetch).toHaveBeenCalledTimes(1);
    clock.now = HOUR - 60_000;
    await Promise.all(Array.from({ length: 20 }, () => credentials.get()));
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('hands out fresh credentials even when the early window is longer than their life', async () => {
    const clock = { now: 0 };
    const fetch = issuer(clock);
    const credentials = createRefreshingCredentials(fetch, { now: () => clock.now, earlyRefreshSeconds: 3599.5 });
    expect((await credentials.get()).accessKeyId).toBe('KEY1');
    expect((await credentials.get()).accessKeyId).toBe('KEY1');
    clock.now = 600;
    expect((await credentials.get()).accessKeyId).toBe('KEY2');
  });

  it('tells SDK clients an earlier expiry when the early window is longer than theirs, and the truth otherwise', async () => {
    const clock = { now: 0 };
    const early = createRefreshingCredentials(issuer(clock), { now: () => clock.now, earlyRefreshSeconds: 900 });
    expect((await early.provider()).expiration).toEqual(new Date(HOUR - 600_000));
    expect((await early.get()).expiration).toEqual(new Date(HOUR));
    const normal = createRefreshingCredentials(issuer(clock), { now: () => clock.now });
    expect((await normal.provider()).expiration).toEqual(new Date(HOUR));
  });

  it('keeps valid credentials through a network failure, and retries after a pause', async () => {
    const clock = { now: 0 };
    const good = issuer(clock);
    const fetch = vi.fn(good);
    const credentials = createRefreshingCredentials(fetch, { now: () => clock.now, retryAfterFailureMs: 5_000 });
    await credentials.get();
    clock.now = HOUR - 200_000;
    fetch.mockRejectedValueOnce(new VaultError('NETWORK', 'offline'));
    expect((await credentials.get()).accessKeyId).toBe('KEY1');
    clock.now += 1_000;
    expect((await credentials.get()).accessKeyId).toBe('KEY1');
    expect(fetch).toHaveBeenCalledTimes(2); // no new attempt within the pause
    clock.now += 5_000;
    expect((await credentials.get()).accessKeyId).toBe('KEY2');
  });

  it('fails when the session has ended, or when nothing valid is left', async () => {
    const clock = { now: 0 };
    const fetch = vi.fn(issuer(clock));
    const credentials = createRefreshingCredentials(fetch, { now: () => clock.now });
    await credentials.get();
    clock.now = HOUR - 200_000;
    fetch.mockRejectedValueOnce(new VaultError('AUTH_REQUIRED', 'Your session has ended; sign in again.'));
    await expect(credentials.get()).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
    clock.now = HOUR - 10_000;
    fetch.mockRejectedValueOnce(new VaultError('NETWORK', 'offline'));
    await expect(credentials.get()).rejects.toMatchObject({ code: 'NETWORK' });
  });
});

describe('createRefreshingCredentials with initial credentials (a cache)', () => {
  const initial = (expiration: number): VaultCredentials => ({
    accessKeyId: 'CACHED',
    secretAccessKey: 's',
    sessionToken: 't',
    expiration: new Date(expiration),
  });

  it('hands out the initial credentials without fetching while more than earlyRefreshSeconds remain', async () => {
    const clock = { now: 0 };
    const fetch = issuer(clock);
    const credentials = createRefreshingCredentials(fetch, { now: () => clock.now, initial: initial(HOUR) });
    expect(credentials.peek()?.accessKeyId).toBe('CACHED');
    expect((await credentials.get()).accessKeyId).toBe('CACHED');
    expect((await credentials.provider()).accessKeyId).toBe('CACHED');
    clock.now = HOUR - 301_000;
    expect((await credentials.get()).accessKeyId).toBe('CACHED');
    expect(fetch).not.toHaveBeenCalled();
    // Then they are refreshed like any others.
    clock.now = HOUR - 299_000;
    expect((await credentials.get()).accessKeyId).toBe('KEY1');
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('fetches at once when the initial credentials have less than earlyRefreshSeconds left', async () => {
    const clock = { now: 0 };
    const fetch = issuer(clock);
    const credentials = createRefreshingCredentials(fetch, {
      now: () => clock.now,
      earlyRefreshSeconds: 600,
      initial: initial(599_000),
    });
    expect((await credentials.get()).accessKeyId).toBe('KEY1');
    expect(fetch).toHaveBeenCalledTimes(1);
    expect((await credentials.get()).accessKeyId).toBe('KEY1');
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('fetches at once for expired initial credentials, and does not fall back to them when that fails', async () => {
    const clock = { now: 0 };
    const fetch = vi.fn(issuer(clock));
    fetch.mockRejectedValueOnce(new VaultError('NETWORK', 'offline'));
    const credentials = createRefreshingCredentials(fetch, { now: () => clock.now, initial: initial(-1) });
    await expect(credentials.get()).rejects.toMatchObject({ code: 'NETWORK' });
    expect((await credentials.get()).accessKeyId).toBe('KEY1');
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('keeps usable initial credentials through a network failure of the early refresh', async () => {
    const clock = { now: 0 };
    const fetch = vi.fn(issuer(clock));
    fetch.mockRejectedValueOnce(new VaultError('NETWORK', 'offline'));
    const credentials = createRefreshingCredentials(fetch, { now: () => clock.now, initial: initial(200_000) });
    expect((await credentials.get()).accessKeyId).toBe('CACHED');
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
