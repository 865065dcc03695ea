/*
 * ───────────────────────────────────────────────────────────────────────────
 *  SECURITY-SENSITIVE. The refresh token opens the vault for up to 30 days.
 *
 *  It is kept only encrypted with Electron's safeStorage (Keychain, DPAPI,
 *  libsecret/kwallet). On Linux without a keyring safeStorage falls back to
 *  'basic_text' (a hard-coded key): that is plaintext in disguise, so then
 *  the sign-in is not remembered at all (DESIGN §2, as Signal Desktop does).
 * ───────────────────────────────────────────────────────────────────────────
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SafeStorage } from 'electron';
import { createMemorySessionStore } from '../controller/memory-session-store';
import { parseStoredSession, type SessionStore } from '../vault/session-store';

export interface SafeSessionStoreOptions {
  safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> &
    Partial<Pick<SafeStorage, 'getSelectedStorageBackend'>>;
  /** The encrypted file (in userData). */
  file: string;
  platform: NodeJS.Platform;
  log: (message: string) => void;
}

/** Why safeStorage cannot keep a secret here, or null when it can. Call after the app is ready. */
export function safeStorageRefusal(options: Pick<SafeSessionStoreOptions, 'safeStorage' | 'platform'>): string | null {
  const { safeStorage, platform } = options;
  if (!safeStorage.isEncryptionAvailable()) return 'encryption is not available on this system';
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
    if (backend === 'basic_text' || backend === 'unknown') {
      return `no keyring is available (safeStorage backend: ${backend})`;
    }
  }
  return null;
}

/** The session store of the app: encrypted on disk, or memory only (said once in the log) where it cannot be. */
export function createSafeSessionStore(options: SafeSessionStoreOptions): SessionStore {
  const refusal = safeStorageRefusal(options);
  if (refusal) {
    options.log(`sign-ins will not be remembered: ${refusal}`);
    return createMemorySessionStore();
  }
  const { safeStorage, file } = options;
  return {
    async load() {
      let sealed: Buffer;
      try {
        sealed = await readFile(file);
      } catch {
        return null;
      }
      try {
        return parseStoredSession(JSON.parse(safeStorage.decryptString(sealed)));
      } catch {
        // Another user's keyring, a damaged file, an older format: start signed out, not stuck.
        options.log('the remembered sign-in could not be read; it is forgotten');
        await rm(file, { force: true });
        return null;
      }
    },
    async save(session) {
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(temporary, safeStorage.encryptString(JSON.stringify(session)), { mode: 0o600 });
      await rename(temporary, file);
    },
    async clear() {
      await rm(file, { force: true });
    },
  };
}
