import { describe, expect, it, vi } from 'vitest';
import type { CognitoTokens } from '../../../../src/main/vault/auth/tokens';
import { TokenKeeper } from '../../../../src/main/vault/credentials/token-keeper';
import type { VaultProfile } from '../../../../src/main/vault/profile';

const profile = {} as VaultProfile;
const tokens = (n: number, expiresAt: number): CognitoTokens => ({
  idToken: `id${n}`,
  accessToken: `access${n}`,
  refreshToken: 'refresh',
  expiresAt: new Date(expiresAt),
});

describe('TokenKeeper', () => {
  it('refreshes the tokens only when they are about to expire, once for concurrent callers', async () => {
    let now = 0;
    const refresh = vi.fn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return tokens(2, now + 3_600_000);
    });
    const onTokens = vi.fn();
    const keeper = new TokenKeeper(profile, 'alice', tokens(1, 3_600_000), { now: () => now, refresh, onTokens });
    expect((await keeper.fresh()).idToken).toBe('id1');
    now = 3_600_000 - 119_000;
    const all = await Promise.all(Array.from({ length: 10 }, () => keeper.fresh()));
    expect(all.map((t) => t.idToken)).toEqual(Array(10).fill('id2'));
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(refresh).toHaveBeenCalledWith(profile, 'refresh', 'alice');
    expect(onTokens).toHaveBeenCalledWith(expect.objectContaining({ idToken: 'id2' }));
  });

  it('does not let a failing onTokens (a full disk) fail the refresh', async () => {
    const keeper = new TokenKeeper(profile, 'alice', tokens(1, 0), {
      refresh: async () => tokens(2, Date.now() + 3_600_000),
      onTokens: () => {
        throw new Error('ENOSPC');
      },
    });
    expect((await keeper.fresh()).idToken).toBe('id2');
  });
});
