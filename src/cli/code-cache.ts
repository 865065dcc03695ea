/**
 * The commands bundle, loaded with a V8 code cache: compiling its 5 MB, and
 * then each function as it is first called, is most of a command's start
 * (`s3vault get` of one small file: 0.30-0.33 s, 0.20-0.23 s from the cache).
 * Node 22 does this itself (module.enableCompileCache); Node 20 does not.
 *
 * One cache per command, written when the command exits, so it holds every
 * function that command compiled. Its name is keyed by the CLI's and Node's
 * versions and by the bundle's size, modification time and inode: V8 only
 * checks a cache against its source's length, so a rebuilt bundle must never
 * meet an old cache. A cache that is missing, unreadable or rejected by V8
 * only costs the compile; one that cannot be written is not written.
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

/** What the load did with the cache: compiled from it, made one (at exit), or went without. */
export type CodeCacheUse = 'used' | 'made' | 'none';

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
  if (!options.folder) return plain();
  let source: string;
  let stats: fs.Stats;
  try {
    stats = fs.statSync(file);
    source = fs.readFileSync(file, 'utf8');
  } catch {
    return plain();
  }
  const label = /^[a-z][a-z-]{0,30}$/.test(options.label) ? options.label : 'other';
  const key = createHash('sha256')
    .update([options.version, process.version, process.arch, stats.size, stats.mtimeMs, stats.ino].join('\n'))
    .digest('hex')
    .slice(0, 24);
  const cacheFile = path.join(options.folder, `${label}-${key}.bin`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // None yet: this run makes it.
  }
  // No import() in the bundle (scripts/build.mjs turns it into require()): on
  // Node 20 a script compiled from a code cache loses its import() loader.
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const used = cachedData !== undefined && !script.cachedDataRejected;
  if (!used) (options.atExit ?? onSuccessfulExit)(() => writeCache(options.folder!, label, cacheFile, script));
  const module = new Module(file);
  module.filename = file;
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  module.loaded = true;
  return { exports: module.exports, cache: used ? 'used' : 'made' };
}

/** Writes the cache (whole, then renamed into place) and removes the command's older ones; never throws. */
function writeCache(folder: string, label: string, cacheFile: string, script: vm.Script): void {
  try {
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
    fs.renameSync(temporary, cacheFile);
    const older = new RegExp(`^${label}-[0-9a-f]{24}\\.bin$`);
    for (const name of fs.readdirSync(folder)) {
      if (older.test(name) && path.join(folder, name) !== cacheFile) fs.rmSync(path.join(folder, name));
    }
  } catch {
    // A cache is only a speed-up.
  }
}
