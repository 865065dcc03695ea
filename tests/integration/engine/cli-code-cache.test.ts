/**
 * The built CLI with its code cache (src/cli/code-cache.ts): the first run of
 * a command leaves a cache, the next compiles from it and behaves the same.
 */
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/run-cli';

describe('s3vault code cache', () => {
  it('caches a command at its first run and runs it from the cache after', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 's3vault-code-cache-cli-'));
    const env = { S3VAULT_HOME: home, XDG_CACHE_HOME: path.join(home, 'cache') };
    const folder = path.join(home, 'cache', 's3vault', 'code-cache');

    const first = await runCli(['links', '--json'], env);
    expect(first.code).toBe(0);
    expect(first.stdout.trim()).toBe('[]');
    const [cache] = readdirSync(folder);
    expect(cache).toMatch(/^links-[0-9a-f]{24}\.bin$/);
    const made = statSync(path.join(folder, cache!)).mtimeMs;

    const second = await runCli(['links', '--json'], env);
    expect(second).toMatchObject({ code: 0, stdout: first.stdout, stderr: '' });
    // Used, not made again.
    expect(readdirSync(folder)).toEqual([cache]);
    expect(statSync(path.join(folder, cache!)).mtimeMs).toBe(made);

    // A mistyped command leaves no cache.
    expect((await runCli(['lnks'], env)).code).toBe(2);
    expect(readdirSync(folder)).toEqual([cache]);
  });
});
