import { execFileSync } from 'node:child_process';

/** Integration tests drive dist/cli/s3vault.cjs as a process: build the Node-side bundles once. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs', '--node'], { stdio: 'inherit' });
}
