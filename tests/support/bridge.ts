import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startVaultBridge, type VaultBridge, type VaultBridgeOptions } from '../../src/bridge/vault-bridge';

export const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as { productName: string; version: string };

export type TestBridgeOptions = Partial<
  Pick<VaultBridgeOptions, 'dataDir' | 'dropDir' | 'downloadsDir' | 'controller'>
>;

/**
 * Starts the browser bridge in this process on a free loopback port, over the
 * built renderer (npm run build), with the real app controller on a fresh
 * temporary data folder (or `dataDir`). Put files in `bridge.dropDir` and drop
 * them as `bridge-drop:<name>`; downloads land in `bridge.downloadsDir`.
 */
export function startTestBridge(options: TestBridgeOptions = {}): Promise<VaultBridge> {
  const dist = path.resolve('dist');
  return startVaultBridge({
    rendererDir: path.join(dist, 'renderer'),
    clientScriptPath: path.join(dist, 'bridge', 'client.js'),
    info: {
      name: packageJson.productName,
      version: packageJson.version,
      platform: process.platform,
      theme: () => 'light',
    },
    dataDir: options.dataDir ?? mkdtempSync(path.join(tmpdir(), 's3vault-e2e-')),
    dropDir: options.dropDir,
    downloadsDir: options.downloadsDir,
    controller: options.controller,
    log: {
      info: () => {},
      warn: (message) => console.warn(message),
      error: (message, error) => console.error(message, error),
    },
  });
}
