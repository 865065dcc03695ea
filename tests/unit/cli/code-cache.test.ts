import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { codeCacheFolder } from '../../../src/cli/code-cache';

/*
 * Each load runs in a process of its own, as each CLI command does: in one
 * process V8 would compile a source it has seen from its memory, whatever
 * the cache file holds.
 */
let root: string;
let loader: string;
let bundle: string;
let folder: string;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 's3vault-code-cache-'));
  loader = path.join(root, 'code-cache.cjs');
  await build({
    entryPoints: ['src/cli/code-cache.ts'],
    outfile: loader,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'warning',
  });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

beforeEach(() => {
  const run = mkdtempSync(path.join(root, 'run-'));
  bundle = path.join(run, 'bundle.cjs');
  folder = path.join(run, 'cache');
  writeFileSync(bundle, source(1));
});

/**
 * A CommonJS "bundle" like the CLI's: module.exports, require, __dirname, and
 * an import() of a built-in as the build turns it into a require().
 */
const source = (value: number) => `
  const path = require('node:path');
  module.exports = {
    value: ${value},
    folder: path.basename(__dirname),
    sep: () => Promise.resolve().then(() => require('node:path')).then((imported) => imported.sep),
  };
`;

interface Load {
  cache: string;
  value: number;
  folder: string;
  sep: string;
}

/** Loads the bundle in a new process, which then exits with `status` (the cache is written only after 0). */
function load(options: { label?: string; folder?: string | null; status?: number } = {}): Load {
  const script = `
    const { loadWithCodeCache } = require(${JSON.stringify(loader)});
    const options = { folder: ${JSON.stringify(options.folder === null ? undefined : (options.folder ?? folder))},
      label: ${JSON.stringify(options.label ?? 'get')}, version: '1.0.0' };
    const { exports, cache } = loadWithCodeCache(${JSON.stringify(bundle)}, options);
    exports.sep().then((sep) => {
      console.log(JSON.stringify({ cache, value: exports.value, folder: exports.folder, sep }));
      process.exitCode = ${options.status ?? 0};
    });
  `;
  const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim();
  return JSON.parse(out) as Load;
}

const failing = (status: number) => {
  try {
    load({ status });
  } catch {
    // The child's non-zero exit.
  }
};

describe('the CLI code cache', () => {
  it('runs the bundle, and makes a cache at exit that the next command compiles from', () => {
    const first = load();
    expect(first).toEqual({ cache: 'compiled', value: 1, folder: path.basename(path.dirname(bundle)), sep: path.sep });
    const [file] = readdirSync(folder);
    expect(file).toMatch(/^get-[0-9a-f]{32}\.bin$/);
    if (process.platform !== 'win32') {
      expect(statSync(path.join(folder, file!)).mode & 0o777).toBe(0o600);
      expect(statSync(folder).mode & 0o777).toBe(0o700);
    }
    expect(load()).toMatchObject({ cache: 'used', value: 1, sep: path.sep });
  });

  it('makes no cache for a command that fails', () => {
    failing(2);
    expect(() => readdirSync(folder)).toThrow();
    expect(load().cache).toBe('compiled');
  });

  it('never uses a cache made for other source, even of the same length and time', () => {
    load();
    const { mtime } = statSync(bundle);
    // V8 would accept the old cache: it checks only the source's length.
    writeFileSync(bundle, source(2));
    utimesSync(bundle, mtime, mtime);
    expect(load()).toMatchObject({ cache: 'compiled', value: 2 });
    expect(load()).toMatchObject({ cache: 'used', value: 2 });
  });

  it("removes a command's caches for other builds once they are a week old", () => {
    load();
    const [fresh] = readdirSync(folder);
    const stale = path.join(folder, `get-${'0'.repeat(32)}.bin`);
    writeFileSync(stale, 'an old build');
    const weekAgo = new Date(Date.now() - 8 * 24 * 3600 * 1000);
    utimesSync(stale, weekAgo, weekAgo);
    writeFileSync(bundle, source(3));
    load();
    expect(readdirSync(folder)).not.toContain(path.basename(stale));
    // The other build's cache of this week stays (two installs used in turn keep theirs).
    expect(readdirSync(folder)).toContain(fresh);
    expect(readdirSync(folder)).toHaveLength(2);
  });

  it('keeps one cache per command, and names odd commands "other"', () => {
    load({ label: 'get' });
    load({ label: 'put' });
    load({ label: '../../etc/passwd' });
    expect(
      readdirSync(folder)
        .map((name) => name.split('-')[0])
        .sort(),
    ).toEqual(['get', 'other', 'put']);
  });

  it('compiles without a cache that V8 rejects, and makes a new one', () => {
    load();
    const [file] = readdirSync(folder);
    const junk = Buffer.alloc(4096, 7);
    writeFileSync(path.join(folder, file!), junk);
    expect(load()).toMatchObject({ cache: 'compiled', value: 1 });
    expect(readFileSync(path.join(folder, file!)).equals(junk)).toBe(false);
    expect(load().cache).toBe('used');
  });

  it.skipIf(process.platform === 'win32')(
    'neither reads nor writes a cache in a folder others may write to, or a link',
    () => {
      load();
      const [file] = readdirSync(folder);
      chmodSync(folder, 0o777);
      const before = statSync(path.join(folder, file!)).mtimeMs;
      expect(load()).toMatchObject({ cache: 'compiled', value: 1 });
      expect(statSync(path.join(folder, file!)).mtimeMs).toBe(before);
      chmodSync(folder, 0o700);
      expect(load().cache).toBe('used');
      const linked = path.join(path.dirname(folder), 'linked');
      symlinkSync(folder, linked);
      expect(load({ folder: linked }).cache).toBe('compiled');
    },
  );

  it('goes without a cache it cannot write, and without one when turned off', () => {
    writeFileSync(folder, 'a file where the folder would be');
    expect(load()).toMatchObject({ cache: 'compiled', value: 1 });
    expect(load({ folder: null })).toMatchObject({ cache: 'none', value: 1, sep: path.sep });
  });

  it('puts the caches in each platform’s cache folder', () => {
    expect(codeCacheFolder({}, 'linux', '/home/ann')).toBe('/home/ann/.cache/s3vault/code-cache');
    expect(codeCacheFolder({ XDG_CACHE_HOME: '/var/c' }, 'linux', '/home/ann')).toBe('/var/c/s3vault/code-cache');
    expect(codeCacheFolder({ XDG_CACHE_HOME: 'relative' }, 'linux', '/home/ann')).toBe(
      '/home/ann/.cache/s3vault/code-cache',
    );
    expect(codeCacheFolder({}, 'darwin', '/Users/ann')).toBe('/Users/ann/Library/Caches/s3vault/code-cache');
    expect(codeCacheFolder({ LOCALAPPDATA: 'C:\\Users\\ann\\AppData\\Local' }, 'win32', 'C:\\Users\\ann')).toBe(
      'C:\\Users\\ann\\AppData\\Local\\s3vault\\code-cache',
    );
    expect(codeCacheFolder({ S3VAULT_CODE_CACHE: 'off' }, 'linux', '/home/ann')).toBeUndefined();
  });
});
