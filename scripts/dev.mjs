// npm run dev: the renderer from Vite's dev server (hot reload), main and preload built once, in Electron.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'vite';
import { findElectronBinary } from './electron-binary.mjs';

const built = spawnSync(process.execPath, ['scripts/build.mjs', '--node'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const electron = findElectronBinary();
if ('missing' in electron) {
  console.error(`S3 Vault cannot start: ${electron.missing} (The UI alone runs in a browser: npm run dev:web.)`);
  process.exit(1);
}

const server = await createServer({ configFile: 'vite.config.ts' });
await server.listen();
const url = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5173/';
const env = { ...process.env, S3VAULT_DEV_SERVER_URL: url };
delete env.ELECTRON_RUN_AS_NODE;
const child = spawn(electron.path, ['.'], { stdio: 'inherit', env });
child.on('exit', async (code) => {
  await server.close();
  process.exit(code ?? 0);
});
