import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startBridge, type Bridge } from '../../src/bridge/server';
import { createHandlers } from '../../src/main/ipc/handlers';

export const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as { productName: string; version: string };

/** Starts the browser bridge in this process on a free loopback port, over the built renderer (npm run build). */
export function startTestBridge(): Promise<Bridge> {
  const dist = path.resolve('dist');
  return startBridge({
    rendererDir: path.join(dist, 'renderer'),
    clientScriptPath: path.join(dist, 'bridge', 'client.js'),
    handlers: createHandlers({
      name: packageJson.productName,
      version: packageJson.version,
      platform: process.platform,
      host: 'browser-bridge',
      theme: () => 'light',
    }),
  });
}
