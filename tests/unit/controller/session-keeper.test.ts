import { describe, expect, it, vi } from 'vitest';
import { createMemorySessionStore } from '../../../src/main/controller/memory-session-store';
import { SessionKeeper, type SessionEngine } from '../../../src/main/controller/session-keeper';
import { VaultError } from '../../../src/main/vault/errors';
import type { VaultProfile } from '../../../src/main/vault/profile';
import { createMemoryLinkHistory } from '../../../src/main/vault/shares/link-history';

const profile = { vaultId: 'v', userPoolId: 'eu-west-1_A' } as VaultProfile;
const tokens = { idToken: 'id', accessToken: 'access', refreshToken: 'refresh-1', expiresAt: new Date() };

function keeper() {
  const events: unknown[] = [];
  const store = createMemorySessionStore();
  const session = {
    username: 'alice',
    identityId: 'eu-west-1:0000',
    isAdmin: false,
    close: vi.fn(),
    signOut: vi.fn().mockRejectedValue(new VaultError('NETWORK', 'offline')),
  };
  const vault = { close: vi.fn() };
  const respond = vi.fn().mockResolvedValue({ kind: 'signed-in', username: 'alice', tokens });
  const engine: Partial<SessionEngine> = {
    signIn: vi.fn().mockResolvedValue({
      kind: 'totp-required',
      username: 'alice',
      expiresAt: new Date(Date.now() + 60_000),
      respond,
    }),
    createVaultSession: vi.fn().mockResolvedValue(session),
    createVault: vi.fn().mockReturnValue(vault),
  };
  const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const k = new SessionKeeper({
    store,
    history: createMemoryLinkHistory(),
    emit: (name, payload) => events.push({ name, payload }),
    log,
    engine,
  });
  return { k, events, store, session, vault, respond, log };
}

describe('the session keeper', () => {
  it('keeps the flow id to itself: a step carries none, and the answer goes to the pending step', async () => {
    const { k, events, store, respond } = keeper();
    await expect(k.respond(profile, '123456')).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
    await expect(k.signIn(profile, 'alice', 'pw')).resolves.toEqual({ kind: 'totp-required' });
    await expect(k.respond(profile, '123456')).resolves.toEqual({
      kind: 'signed-in',
      user: { username: 'alice', isAdmin: false },
    });
    expect(respond).toHaveBeenCalledWith('123456');
    expect(events).toEqual([{ name: 'session.changed', payload: { user: { username: 'alice', isAdmin: false } } }]);
    await expect(store.load()).resolves.toMatchObject({
      username: 'alice',
      refreshToken: 'refresh-1',
      identityId: 'eu-west-1:0000',
    });
  });

  it('ends the session when a call says AUTH_REQUIRED: forgets it and tells the UI why', async () => {
    const { k, events, store, vault } = keeper();
    await k.signIn(profile, 'alice', 'pw');
    await k.respond(profile, '123456');
    const ended = new VaultError('AUTH_REQUIRED', 'Your session has ended; sign in again.');
    await expect(k.guard(() => Promise.reject(ended))).rejects.toBe(ended);
    expect(events.at(-1)).toEqual({ name: 'session.changed', payload: { user: null, reason: ended.message } });
    expect(vault.close).toHaveBeenCalled();
    expect(k.user).toBeNull();
    await vi.waitFor(async () => expect(await store.load()).toBeNull());
    await expect(k.guard(async () => 1)).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
  });

  it('signs out on this computer even when the user pool cannot be reached', async () => {
    const { k, events, store, log } = keeper();
    await k.signIn(profile, 'alice', 'pw');
    await k.respond(profile, '123456');
    await k.signOut();
    expect(events.at(-1)).toEqual({ name: 'session.changed', payload: { user: null } });
    await expect(store.load()).resolves.toBeNull();
    expect(log.warn).toHaveBeenCalledWith(expect.stringMatching(/this computer only/));
  });
});
