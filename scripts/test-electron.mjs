// npm run test:electron: Playwright's Electron launcher against the real app, where the binary exists.
import { spawnSync } from 'node:child_process';
import { findElectronBinary } from './electron-binary.mjs';

const electron = findElectronBinary();
if ('missing' in electron) {
  console.log(`test:electron: skipped, ${electron.missing}`);
  process.exit(0);
}
const run = spawnSync('npx', ['playwright', 'test', '-c', 'playwright.electron.config.ts'], {
  stdio: 'inherit',
  env: { ...process.env, S3VAULT_ELECTRON_BINARY: electron.path },
});
process.exit(run.status ?? 1);
