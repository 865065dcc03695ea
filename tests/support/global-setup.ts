import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Integration tests drive dist/cli/s3vault.cjs as a process: build the
 * Node-side bundles once. And every test's temporary folders go under one
 * folder for this run (TMPDIR, which os.tmpdir() reads at each call, in the
 * test workers and the processes they start), removed when the run ends: the
 * suite writes gigabytes (300 MiB files for the CLI, the backends' data) that
 * would otherwise stay behind in the system's temporary folder, run after run.
 * The CLI's code caches (src/cli/code-cache.ts) go there too, not into the
 * person's home.
 */
export default function setup(): () => void {
  execFileSync(process.execPath, ['scripts/build.mjs', '--node'], { stdio: 'inherit' });
  return useRunTempFolder();
}

/** Points TMPDIR at a new folder for this run; returns what removes it (Playwright's global setup uses it too). */
export function useRunTempFolder(): () => void {
  const runFolder = mkdtempSync(path.join(tmpdir(), 's3vault-tests-'));
  process.env.TMPDIR = runFolder;
  process.env.XDG_CACHE_HOME = path.join(runFolder, 'cache');
  return () => rmSync(runFolder, { recursive: true, force: true });
}
