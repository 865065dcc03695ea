/** `npm run dev:web -- --port N`: serves the built renderer through the browser bridge. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createHandlers } from '../main/ipc/handlers';
import { startBridge } from './server';
import packageJson from '../../package.json';

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' } } });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`dev:web: --port must be a number from 0 to 65535, not "${values.port}".`);
  process.exit(2);
}

async function main(): Promise<void> {
  const distDir = path.resolve(__dirname, '..');
  const bridge = await startBridge({
    port,
    rendererDir: path.join(distDir, 'renderer'),
    clientScriptPath: path.join(distDir, 'bridge', 'client.js'),
    handlers: createHandlers({
      name: packageJson.productName,
      version: packageJson.version,
      platform: process.platform,
      host: 'browser-bridge',
      theme: () => 'light',
    }),
  });
  console.log(`S3 Vault (browser bridge, development only): ${bridge.url}`);

  const stop = () => void bridge.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
