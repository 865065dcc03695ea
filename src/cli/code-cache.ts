/**
 * The commands bundle, loaded with a V8 code cache: compiling its 4.4 MB, and
 * then each function as it is first called, is most of a command's start
 * (`s3vault get` of one small file: 0.28-0.33 s, 0.19-0.23 s from the cache).
 * Node 22 does this itself (module.enableCompileCache); Node 20 does not.
 *
 * One cache per command, written when the command exits successfully, so it
 * holds every function that command compiled. A cache is compiled code that
 * will run with the person's vault credentials, so:
 * - it is keyed by the SHA-256 of the very source it is compiled with (V8
 *   itself checks a cache only against its source's length), and by the CLI's
 *   and Node's versions;
 * - it is read from, and written to, only a folder that is the person's own
 *   (POSIX: a real folder, theirs, writable by no one else), through a new
 *   temporary file that is then renamed.
 * A cache that is missing, unreadable or rejected by V8 only costs the
 * compile; one that cannot be written is not written.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/**
 * Where the caches go: `$XDG_CACHE_HOME/s3vault/code-cache` or
 * `~/.cache/s3vault/code-cache` on Linux, `~/Library/Caches/s3vault/code-cache`
 * on macOS, `%LOCALAPPDATA%\s3vault\code-cache` on Windows; none with
 * S3VAULT_CODE_CACHE=off.
 */
export function codeCacheFolder(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
  homedir: string,
): string | undefined {
  if (env.S3VAULT_CODE_CACHE === 'off') return undefined;
  if (platform === 'win32') {
    return path.win32.join(env.LOCALAPPDATA || path.win32.join(homedir, 'AppData', 'Local'), 's3vault', 'code-cache');
  }
  if (platform === 'darwin') return path.join(homedir, 'Library', 'Caches', 's3vault', 'code-cache');
  // The XDG spec says a relative XDG_CACHE_HOME is invalid and must be ignored.
  const xdg = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : undefined;
  return path.join(xdg ?? path.join(homedir, '.cache'), 's3vault', 'code-cache');
}

export interface CachedRequireOptions {
  /** The cache folder; without, a plain require. */
  folder: string | undefined;
  /** Which cache: the command's name (anything else than a plain name shares "other"). */
  label: string;
  /** The CLI's version, part of the cache's key. */
  version: string;
  /**
   * Runs `write` when the process exits, if it exits with status 0 (a
   * mistyped or failed command leaves no cache). Tests call it themselves.
   */
  atExit?: (write: () => void) => void;
}

/** What the load did: compiled from the cache; compiled from source (and asked for a cache at exit); or a plain require. */
export type CodeCacheUse = 'used' | 'compiled' | 'none';

/** A command's other caches (another build, another Node) are removed once this old. */
const STALE_MS = 7 * 24 * 3600 * 1000;

/** require(file) of a CommonJS bundle, compiled from and for the code cache. */
export function requireWithCodeCache(file: string, options: CachedRequireOptions): unknown {
  return loadWithCodeCache(file, options).exports;
}

const onSuccessfulExit = (write: () => void) =>
  process.once('exit', (code) => {
    if (code === 0) write();
  });

/** requireWithCodeCache, telling what it did with the cache. */
export function loadWithCodeCache(
  file: string,
  options: CachedRequireOptions,
): { exports: unknown; cache: CodeCacheUse } {
  const plain = () => ({ exports: createRequire(file)(file) as unknown, cache: 'none' as const });
  const { folder } = options;
  if (!folder) return plain();
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return plain();
  }
  const label = /^[a-z][a-z-]{0,30}$/.test(options.label) ? options.label : 'other';
  const key = createHash('sha256')
    .update(`${options.version}\n${process.version}\n${process.arch}\n`)
    .update(bytes)
    .digest('hex')
    .slice(0, 32);
  const cacheFile = path.join(folder, `${label}-${key}.bin`);
  let cachedData: Buffer | undefined;
  if (isOwnFolder(folder)) {
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      // None yet: this run makes it.
    }
  }
  // The bundle has no import() (scripts/build.mjs turns it into require()):
  // vm.Script gives it no import() loader, and on Node 20 a script compiled
  // from a code cache loses even vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER.
  const script = new vm.Script(Module.wrap(bytes.toString('utf8')), { filename: file, cachedData });
  const used = cachedData !== undefined && !script.cachedDataRejected;
  if (!used) (options.atExit ?? onSuccessfulExit)(() => writeCache(folder, label, cacheFile, script));
  const module = new Module(file);
  module.filename = file;
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  module.loaded = true;
  return { exports: module.exports, cache: used ? 'used' : 'compiled' };
}

/**
 * Whether `folder` is the person's own: on POSIX a real folder (not a link),
 * owned by this user, that no one else may write to. Windows' per-user
 * %LOCALAPPDATA% is trusted.
 */
function isOwnFolder(folder: string): boolean {
  try {
    const stats = fs.lstatSync(folder);
    if (!stats.isDirectory()) return false;
    if (process.platform === 'win32' || !process.getuid) return true;
    return stats.uid === process.getuid() && (stats.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/**
 * Writes the cache (into a new temporary file, then renamed into place) and
 * removes the command's stale caches; never throws.
 */
function writeCache(folder: string, label: string, cacheFile: string, script: vm.Script): void {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
    if (!isOwnFolder(folder)) return;
    // "wx": never through a file or link someone placed at this name.
    fs.writeFileSync(temporary, script.createCachedData(), { mode: 0o600, flag: 'wx' });
    fs.renameSync(temporary, cacheFile);
    const others = new RegExp(`^${label}-[0-9a-f]{32}\\.bin$`);
    const now = Date.now();
    for (const name of fs.readdirSync(folder)) {
      const other = path.join(folder, name);
      if (others.test(name) && other !== cacheFile && now - fs.statSync(other).mtimeMs > STALE_MS) fs.rmSync(other);
    }
  } catch {
    // A cache is only a speed-up; a temporary file left by a failed write is removed.
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // Nothing more to do.
    }
  }
}
