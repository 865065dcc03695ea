/**
 * Runs the built CLI (dist/cli/s3vault.cjs) as a process, as a person or a
 * script would, and measures it: wall time and peak resident memory (from
 * the process's own getrusage at exit, through a preloaded one-line reporter).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CLI } from './local-backend-process';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Peak RSS of the CLI process, in bytes. */
  peakRss: number;
  ms: number;
}

const reporterDir = mkdtempSync(path.join(tmpdir(), 's3vault-rss-'));
const reporter = path.join(reporterDir, 'report-rss.cjs');
writeFileSync(
  reporter,
  "process.on('exit', () => { if (process.env.S3VAULT_RSS_FILE) require('fs').writeFileSync(process.env.S3VAULT_RSS_FILE, String(process.resourceUsage().maxRSS)); });\n",
);
let runs = 0;

export interface RunOptions {
  /** Written to stdin, which is then closed. */
  input?: string;
  cwd?: string;
  /** Sends SIGINT (Ctrl-C) this long after the start. */
  interruptAfterMs?: number;
}

/** Runs `s3vault ARGS...` with `env` added to a clean environment. */
export function runCli(args: string[], env: Record<string, string>, options: RunOptions = {}): Promise<CliRun> {
  const { input, cwd, interruptAfterMs } = options;
  const rssFile = path.join(reporterDir, `rss-${process.pid}-${runs++}`);
  const started = performance.now();
  const child = spawn(process.execPath, ['--require', reporter, CLI, ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      // The run's (global-setup.ts): the CLI's code caches, shared by every run, not in the person's home.
      ...(process.env.XDG_CACHE_HOME ? { XDG_CACHE_HOME: process.env.XDG_CACHE_HOME } : {}),
      ...env,
      S3VAULT_RSS_FILE: rssFile,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
    cwd,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(input ?? '');
  const interrupt =
    interruptAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGINT'), interruptAfterMs);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(interrupt);
      let peakKiB = 0;
      try {
        peakKiB = Number(readFileSync(rssFile, 'utf8'));
      } catch {
        // Killed before it could report.
      }
      resolve({ code, stdout, stderr, peakRss: peakKiB * 1024, ms: performance.now() - started });
    });
  });
}
