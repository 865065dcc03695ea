import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LocalProfile } from '../../src/local/profile';

export const CLI = path.resolve('dist/cli/s3vault.cjs');

export interface BackendProcess {
  url: string;
  profile: LocalProfile;
  /** Milliseconds from spawning the process to its `ready` line. */
  startMs: number;
  child: ChildProcess;
  /** Everything the backend wrote to stderr (its log). */
  log(): string;
  stop(): Promise<number | null>;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `s3vault-${prefix}-`));
}

/** Runs `s3vault local` as a process, as a person would, and waits for its ready line. */
export async function startBackendProcess(dataDir: string, users: string[] = []): Promise<BackendProcess> {
  const profileFile = path.join(dataDir, '..', `${path.basename(dataDir)}-profile.json`);
  const args = [CLI, 'local', '--data', dataDir, '--port', '0', '--profile-out', profileFile];
  for (const user of users) args.push('--user', user);
  const started = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const ready = /^ready (http:\/\/127\.0\.0\.1:\d+)$/m.exec(stdout);
      if (ready) resolve(ready[1]!);
    });
    child.once('exit', (code) => reject(new Error(`s3vault local exited with ${code} before ready:\n${stderr}`)));
  });
  const startMs = performance.now() - started;
  return {
    url,
    startMs,
    child,
    profile: JSON.parse(readFileSync(profileFile, 'utf8')) as LocalProfile,
    log: () => stderr,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}
