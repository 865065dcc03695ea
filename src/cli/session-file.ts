/**
 * The CLI's remembered sign-in: `$S3VAULT_HOME/session.json`, readable by its
 * owner only. It holds a refresh token (30 days of access to the vault), so
 * it is written atomically with mode 0600 in a 0700 folder, and a file that
 * others can read is refused rather than used.
 */
import { randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { VaultError } from '../main/vault/errors';
import { parseStoredSession, type SessionStore, type StoredSession } from '../main/vault/session-store';

export const SESSION_FILE_NAME = 'session.json';
export const SESSION_CACHE_FILE_NAME = 'session-cache.json';

/**
 * The CLI's folder: $S3VAULT_HOME, else the platform's config folder —
 * `$XDG_CONFIG_HOME/s3vault` or `~/.config/s3vault` on Linux,
 * `~/Library/Application Support/s3vault` on macOS, `%APPDATA%\s3vault` on Windows.
 */
export function s3vaultHome(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  homedir: string = os.homedir(),
): string {
  if (env.S3VAULT_HOME) return path.resolve(env.S3VAULT_HOME);
  if (platform === 'win32') {
    return path.win32.join(env.APPDATA || path.win32.join(homedir, 'AppData', 'Roaming'), 's3vault');
  }
  if (platform === 'darwin') return path.join(homedir, 'Library', 'Application Support', 's3vault');
  // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const xdg = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : undefined;
  return path.join(xdg ?? path.join(homedir, '.config'), 's3vault');
}

const octal = (mode: number): string => `0${(mode & 0o777).toString(8)}`;

/** POSIX permissions mean something; on Windows the folder under %APPDATA% is already per user. */
const posix = process.platform !== 'win32';

export interface LoadOptions {
  /**
   * Read a file even if others can read it. Only for `s3vault logout`, which
   * then revokes the exposed refresh token everywhere (global sign-out).
   */
  evenIfExposed?: boolean;
}

/** SessionStore in `<home>/session.json`. */
export class FileSessionStore implements SessionStore {
  readonly file: string;

  constructor(readonly home: string = s3vaultHome()) {
    this.file = path.join(home, SESSION_FILE_NAME);
  }

  /**
   * @throws VaultError ACCESS_DENIED when the file is readable by others or not the caller's;
   *   INVALID_INPUT when it is damaged
   */
  async load(options: LoadOptions = {}): Promise<StoredSession | null> {
    const value = await this.readJson(this.file, options);
    return value === null ? null : parseStoredSession(value, this.file);
  }

  /** Writes the session atomically (temporary file, fsync, rename) with mode 0600 in a 0700 folder. */
  async save(session: StoredSession): Promise<void> {
    await this.writeJson(this.file, session);
  }

  /** Removes the session and its cache; not an error when there is none. */
  async clear(): Promise<void> {
    await fs.rm(this.file, { force: true });
    // Whatever sits at the cache's name (even a folder) must not keep a sign-out from finishing.
    await fs.rm(this.cacheFile, { force: true, recursive: true }).catch(() => {});
  }

  /** `<home>/session-cache.json`: see session-cache.ts. */
  get cacheFile(): string {
    return path.join(this.home, SESSION_CACHE_FILE_NAME);
  }

  /**
   * What the cache file holds (unchecked JSON), or null when there is none or
   * it cannot be used (damaged, exposed, not ours): a cache is only a shortcut.
   */
  async loadCache(): Promise<unknown> {
    return this.readJson(this.cacheFile, {}).catch(() => null);
  }

  async saveCache(value: unknown): Promise<void> {
    await this.writeJson(this.cacheFile, value);
  }

  /** Reads a JSON file only its owner can read; null when it does not exist. */
  private async readJson(file: string, options: LoadOptions): Promise<unknown> {
    let handle: fs.FileHandle;
    try {
      // O_NOFOLLOW: a symlink planted in place of the file is not followed to someone else's data.
      handle = await fs.open(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return null;
      if (code === 'ELOOP') throw new VaultError('ACCESS_DENIED', `refusing to read ${file}: it is a symbolic link.`);
      throw error;
    }
    try {
      // fstat the open file, so what is checked is what is read.
      const stat = await handle.stat();
      if (!stat.isFile()) throw new VaultError('ACCESS_DENIED', `refusing to read ${file}: it is not a regular file.`);
      if (posix && !options.evenIfExposed) {
        if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) {
          throw new VaultError('ACCESS_DENIED', `refusing to read ${file}: it belongs to another user.`);
        }
        if (stat.mode & 0o077) {
          throw new VaultError(
            'ACCESS_DENIED',
            `refusing to read ${file}: other users can read it (mode ${octal(stat.mode)}), so its sign-in may have leaked. ` +
              `Run "s3vault logout" to revoke it everywhere, then sign in again.`,
          );
        }
      }
      const text = await handle.readFile('utf8');
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new VaultError('INVALID_INPUT', `${file} is damaged; run "s3vault login" again.`);
      }
    } finally {
      await handle.close();
    }
  }

  /** Writes JSON atomically (temporary file, fsync, rename) with mode 0600 in a 0700 folder. */
  private async writeJson(file: string, value: unknown): Promise<void> {
    await this.ensureHome();
    const temp = path.join(this.home, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
    // 'wx': never reuse an existing file (its mode and owner would be someone else's choice).
    const handle = await fs.open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
      await handle.sync();
    } catch (error) {
      await handle.close();
      await fs.rm(temp, { force: true });
      throw error;
    }
    await handle.close();
    try {
      await fs.rename(temp, file);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
    await this.syncHome();
  }

  /** Creates the folder 0700, and tightens it if it is ours and others can enter it. */
  private async ensureHome(): Promise<void> {
    await fs.mkdir(this.home, { recursive: true, mode: 0o700 });
    if (!posix) return;
    const stat = await fs.stat(this.home);
    const ours = typeof process.getuid !== 'function' || stat.uid === process.getuid();
    if (ours && stat.mode & 0o077) await fs.chmod(this.home, 0o700);
  }

  /** Makes the rename durable; best effort (not every file system lets a folder be fsynced). */
  private async syncHome(): Promise<void> {
    if (!posix) return;
    try {
      const dir = await fs.open(this.home, 'r');
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
    } catch {
      // See above.
    }
  }
}
