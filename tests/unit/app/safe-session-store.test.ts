import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createSafeSessionStore, safeStorageRefusal } from '../../../src/main/app/safe-session-store';
import type { StoredSession } from '../../../src/main/vault/session-store';

vi.mock('electron', () => ({}));

/** A stand-in safeStorage: "encrypts" by reversing and prefixing, so the file is visibly not the plaintext. */
function fakeSafeStorage(backend: string, available = true) {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend as never,
    encryptString: (text: string) => Buffer.from(`sealed:${[...text].reverse().join('')}`),
    decryptString: (sealed: Buffer) => {
      const text = sealed.toString();
      if (!text.startsWith('sealed:')) throw new Error('Error while decrypting the ciphertext');
      return [...text.slice(7)].reverse().join('');
    },
  };
}

const session: StoredSession = {
  version: 1,
  profile: {
    region: 'eu-west-1',
    userPoolId: 'eu-west-1_AbC123xyz',
    userPoolClientId: 'abcdefghij0123456789klmnop',
    identityPoolId: 'eu-west-1:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
    bucket: 's3vault-files-123456789012',
    keyArn: 'arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
    vaultId: 's3vault',
  },
  username: 'alice',
  refreshToken: 'eyJ-refresh-token-secret',
  signedInAt: '2026-01-01T00:00:00.000Z',
};

const tempFile = () => path.join(mkdtempSync(path.join(tmpdir(), 's3vault-safe-')), 'session.bin');

describe('the safeStorage session store', () => {
  it('keeps the session encrypted on disk and reads it back', async () => {
    const file = tempFile();
    const log = vi.fn();
    const store = createSafeSessionStore({
      safeStorage: fakeSafeStorage('gnome_libsecret'),
      file,
      platform: 'linux',
      log,
    });
    await store.save(session);
    expect(readFileSync(file, 'utf8')).not.toContain('eyJ-refresh-token-secret');
    await expect(store.load()).resolves.toEqual(session);
    await store.clear();
    await expect(store.load()).resolves.toBeNull();
    expect(log).not.toHaveBeenCalled();
  });

  it.each([
    ['Linux basic_text (no keyring)', fakeSafeStorage('basic_text'), 'linux'],
    ['Linux before a backend is known', fakeSafeStorage('unknown'), 'linux'],
    ['a system without encryption', fakeSafeStorage('', false), 'win32'],
  ] as const)('refuses to write anything on %s: memory only, said once', async (_name, safeStorage, platform) => {
    const file = tempFile();
    const log = vi.fn();
    const store = createSafeSessionStore({ safeStorage, file, platform, log });
    await store.save(session);
    expect(() => readFileSync(file)).toThrow(/ENOENT/);
    await expect(store.load()).resolves.toEqual(session);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]![0]).toMatch(/will not be remembered/);
  });

  it('accepts macOS and Windows, whose backends are always real', () => {
    expect(safeStorageRefusal({ safeStorage: fakeSafeStorage('basic_text'), platform: 'darwin' })).toBeNull();
    expect(safeStorageRefusal({ safeStorage: fakeSafeStorage('kwallet5'), platform: 'linux' })).toBeNull();
  });

  it('forgets a file it cannot decrypt (another keyring, damage) instead of failing the start', async () => {
    const file = tempFile();
    const good = createSafeSessionStore({
      safeStorage: fakeSafeStorage('kwallet5'),
      file,
      platform: 'linux',
      log: vi.fn(),
    });
    await good.save(session);
    const other = fakeSafeStorage('kwallet5');
    other.decryptString = () => {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    };
    const log = vi.fn();
    const store = createSafeSessionStore({ safeStorage: other, file, platform: 'linux', log });
    await expect(store.load()).resolves.toBeNull();
    expect(() => readFileSync(file)).toThrow(/ENOENT/);
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/could not be read/));
  });
});
