/**
 * Runs one tool as a process and measures it: wall time, and peak resident
 * memory from GNU time (`/usr/bin/time -f %M`), which reports the largest
 * RSS among the process and its children (the AWS CLI's Python, rclone's Go
 * runtime and the CLI's Node alike), so every tool is measured the same way.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** What one measured run did. */
export interface Measured {
  ms: number;
  /** Peak RSS in bytes (0 when GNU time is missing). */
  peakRss: number;
  stdout: string;
  stderr: string;
}

/** What to run, and with what environment (added to a minimal one) and stdin. */
export interface RunSpec {
  command: string;
  args: string[];
  env?: Record<string, string>;
  input?: string;
  cwd?: string;
}

const TIME = '/usr/bin/time';
const scratch = mkdtempSync(path.join(tmpdir(), 's3vault-bench-time-'));
let counter = 0;

/**
 * Runs `spec` to the end and measures it. A non-zero exit is an error (with
 * the tool's stderr): a failed transfer is never a timing.
 */
export async function measure(spec: RunSpec): Promise<Measured> {
  const rssFile = path.join(scratch, `rss-${counter++}`);
  // Only PATH is inherited: no stray AWS_* or RCLONE_* settings of the person running the bench.
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', ...spec.env };
  const started = performance.now();
  const child = spawn(TIME, ['-f', '%M', '-o', rssFile, spec.command, ...spec.args], {
    env,
    cwd: spec.cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(spec.input ?? '');
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  const ms = performance.now() - started;
  let peakKiB = 0;
  try {
    peakKiB = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
    rmSync(rssFile);
  } catch {
    // GNU time wrote nothing (killed): no memory figure.
  }
  if (code !== 0) {
    const shown = [spec.command, ...spec.args].join(' ').slice(0, 300);
    throw new Error(`${shown} exited with ${code}:\n${stderr.slice(-2000)}`);
  }
  return { ms, peakRss: peakKiB * 1024, stdout, stderr };
}

/** Runs `specs` with at most `parallel` at once; resolves to every run, in order. */
export async function measureMany(specs: RunSpec[], parallel: number): Promise<Measured[]> {
  const results = new Array<Measured>(specs.length);
  let next = 0;
  const worker = async () => {
    while (next < specs.length) {
      const index = next++;
      results[index] = await measure(specs[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, specs.length) }, worker));
  return results;
}
