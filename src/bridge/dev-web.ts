/** `npm run dev:web -- --port N [--data DIR] [--drop DIR] [--downloads DIR]`: the app in a browser, through the bridge. */
import { homedir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startVaultBridge } from './vault-bridge';
import packageJson from '../../package.json';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    data: { type: 'string' },
    drop: { type: 'string' },
    downloads: { type: 'string' },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`dev:web: --port must be a number from 0 to 65535, not "${values.port}".`);
  process.exit(2);
}

async function main(): Promise<void> {
  const distDir = path.resolve(__dirname, '..');
  const dataDir = path.resolve(values.data ?? path.join(homedir(), '.s3vault-dev'));
  const bridge = await startVaultBridge({
    port,
    rendererDir: path.join(distDir, 'renderer'),
    clientScriptPath: path.join(distDir, 'bridge', 'client.js'),
    info: {
      name: packageJson.productName,
      version: packageJson.version,
      platform: process.platform,
      theme: () => 'light',
    },
    dataDir,
    dropDir: values.drop,
    downloadsDir: values.downloads,
  });
  console.log(`data: ${bridge.dataDir} (drop files into ${bridge.dropDir}; downloads go to ${bridge.downloadsDir})`);
  console.log(`S3 Vault (browser bridge, development only): ${bridge.url}`);

  const stop = () => void bridge.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
