/**
 * The built CLI with its code cache (src/cli/code-cache.ts): the first run of
 * a command leaves a cache, the next compiles from it and behaves the same.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'acorn';
import { describe, expect, it } from 'vitest';
import { CLI } from '../../support/local-backend-process';
import { runCli } from '../../support/run-cli';

/** The ImportExpression nodes (import() calls) anywhere under `node`. */
function importCalls(node: unknown, found: unknown[] = []): unknown[] {
  if (Array.isArray(node)) node.forEach((child) => importCalls(child, found));
  else if (node && typeof node === 'object') {
    if ((node as { type?: unknown }).type === 'ImportExpression') found.push(node);
    for (const value of Object.values(node)) if (value && typeof value === 'object') importCalls(value, found);
  }
  return found;
}

describe('s3vault code cache', () => {
  it('runs a commands bundle without import(), which a script compiled from a cache could not run', () => {
    const bundle = readFileSync(path.join(path.dirname(CLI), 's3vault-commands.cjs'), 'utf8');
    const program = parse(bundle, { ecmaVersion: 'latest', sourceType: 'script', allowHashBang: true });
    expect(program.body.length).toBeGreaterThan(0);
    expect(importCalls(program)).toEqual([]);
  });

  it('caches a command at its first run and runs it from the cache after', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 's3vault-code-cache-cli-'));
    const env = { S3VAULT_HOME: home, XDG_CACHE_HOME: path.join(home, 'cache') };
    const folder = path.join(home, 'cache', 's3vault', 'code-cache');

    const first = await runCli(['links', '--json'], env);
    expect(first.code).toBe(0);
    expect(first.stdout.trim()).toBe('[]');
    const [cache] = readdirSync(folder);
    expect(cache).toMatch(/^links-[0-9a-f]{32}\.bin$/);
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
