/**
 * Runs one tool as a process and measures it: wall time; peak resident
 * memory and CPU time from GNU time (`/usr/bin/time -f '%M %U %S'`), which
 * covers the process and its children (the AWS CLI's Python, rclone's Go
 * runtime and the CLI's Node alike), so every tool is measured the same way;
 * and the CPU time the local backend spent meanwhile (from /proc), since the
 * tools and the backend share this machine's cores.
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
  /** User + system CPU time of the tool's processes, ms (0 when GNU time is missing). */
  cpuMs: number;
  /** CPU time of the backend during the run, ms (undefined when no backend is watched, or not on Linux). */
  backendCpuMs?: number;
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
/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;
let backendPid: number | undefined;

/** Counts the CPU time of the process `pid` (the local backend) in every later run. */
export function watchBackend(pid: number | undefined): void {
  backendPid = pid;
}

/** The watched backend's user + system CPU time so far, ms; undefined if it cannot be read. */
function backendCpu(): number | undefined {
  if (backendPid === undefined) return undefined;
  try {
    // Fields after the command name (which is in parentheses and may hold spaces): utime and stime are 14 and 15.
    const stat = readFileSync(`/proc/${backendPid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}
const scratch = mkdtempSync(path.join(tmpdir(), 's3vault-bench-time-'));
process.once('exit', () => rmSync(scratch, { recursive: true, force: true }));
let counter = 0;

/**
 * Runs `spec` to the end and measures it. A non-zero exit is an error (with
 * the tool's stderr): a failed transfer is never a timing.
 */
export async function measure(spec: RunSpec): Promise<Measured> {
  const rssFile = path.join(scratch, `rss-${counter++}`);
  // Only PATH is inherited: no stray AWS_* or RCLONE_* settings of the person running the bench.
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', ...spec.env };
  const backendBefore = backendCpu();
  const started = performance.now();
  const child = spawn(TIME, ['-f', '%M %U %S', '-o', rssFile, spec.command, ...spec.args], {
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
  const backendAfter = backendCpu();
  let peakKiB = 0;
  let cpuMs = 0;
  try {
    const [rss, user, system] = readFileSync(rssFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
    peakKiB = rss ?? 0;
    cpuMs = Math.round(((user ?? 0) + (system ?? 0)) * 1000);
    rmSync(rssFile);
  } catch {
    // GNU time wrote nothing (killed): no memory or CPU figure.
  }
  if (code !== 0) {
    const shown = [spec.command, ...spec.args].join(' ').slice(0, 300);
    throw new Error(`${shown} exited with ${code}:\n${stderr.slice(-2000)}`);
  }
  const backendCpuMs =
    backendBefore !== undefined && backendAfter !== undefined ? backendAfter - backendBefore : undefined;
  return { ms, peakRss: peakKiB * 1024, cpuMs, backendCpuMs, stdout, stderr };
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
