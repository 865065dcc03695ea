/**
 * `npm run bench` end to end at the smallest sizes (S3VAULT_BENCH_TINY=1,
 * ~20 s): every scenario runs for every tool, every copy is checked, and the
 * JSON is written. Speed is not judged here. Skipped where rclone, the AWS
 * CLI v2 or GNU time is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const hasRclone = spawnSync('rclone', ['version']).status === 0;
const ready = hasRclone && existsSync('/usr/bin/aws') && existsSync('/usr/bin/time');

describe('npm run bench', () => {
  it.skipIf(!ready)('runs every scenario at tiny sizes and writes its JSON', { timeout: 120_000 }, () => {
    const out = mkdtempSync(path.join(tmpdir(), 's3vault-bench-test-'));
    const run = spawnSync(process.execPath, ['bench/run.mjs'], {
      env: { ...process.env, S3VAULT_BENCH_TINY: '1', S3VAULT_BENCH_OUT: out },
      encoding: 'utf8',
    });
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    const [file] = readdirSync(out);
    expect(run.stdout).toContain(`results: ${path.join(out, file!)}`);
    const results = JSON.parse(readFileSync(path.join(out, file!), 'utf8')) as {
      rows: Array<{
        scenario: string;
        op: string;
        tool: string;
        verified?: boolean;
        cpuMs?: { median: number };
        backendCpuMs?: { median: number };
      }>;
      goals: Array<{ goal: string; met: boolean; figures: string }>;
    };
    const scenarios = new Set(results.rows.map((row) => row.scenario));
    expect([...scenarios].sort()).toEqual([
      'ceilings',
      'large file',
      'listing',
      'share links',
      'sign-in',
      'small files',
    ]);
    for (const tool of ['s3vault', 'rclone-crypt', 'aws-cli']) {
      expect(results.rows.some((row) => row.scenario === 'large file' && row.tool === tool && row.verified)).toBe(true);
    }
    expect(results.goals.find((goal) => goal.goal.startsWith('every copy'))?.met).toBe(true);
    // CPU time of each tool's run and of the backend meanwhile (they share the cores).
    const upload = results.rows.find(
      (row) => row.scenario === 'small files' && row.op === 'upload' && row.tool === 's3vault',
    );
    expect(upload?.cpuMs?.median).toBeGreaterThan(0);
    expect(upload?.backendCpuMs?.median).toBeGreaterThan(0);
    // The Node.js floors beside the other ceilings (node-floors.ts).
    const floors = results.rows.filter((row) => row.scenario === 'ceilings' && row.op.startsWith('Node floor'));
    expect(floors.map((row) => row.op.replace(/\d+ × \d+ KiB/, 'N files'))).toEqual([
      'Node floor: GET, AES-256-GCM, blocking writes (node:http)',
      'Node floor: the same in 2 ranged GETs on 2 worker threads',
      'Node floor: the same in 4 ranged GETs on 4 worker threads',
      'Node floor: N files PUT (node:http, 8 at a time)',
      'Node floor: N files GET, each to a new file',
    ]);
    // Each download goal says how fast the fastest Node.js floor was beside rclone-crypt.
    for (const scenario of ['large file', 'small files']) {
      const goal = results.goals.find((entry) => entry.goal.startsWith(`${scenario} download`));
      expect(goal?.figures).toMatch(/× rclone-crypt; the fastest Node\.js floor: \d+(\.\d+)? ×$/);
    }
  });
});
