/**
 * The browser bridge with the real app behind it: an AppController on a data
 * folder, with the bridge's stand-ins for what only Electron has — no file
 * pickers (UNAVAILABLE), downloads saved into a downloads folder, dropped
 * files read from a drop folder, no clipboard, and sign-ins remembered in
 * memory only (there is no safeStorage here).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { AppController, type AppControllerOptions } from '../main/controller/app-controller';
import { consoleLogger, type HostLogger } from '../main/controller/host';
import { createMemorySessionStore } from '../main/controller/memory-session-store';
import type { CallHandlers } from '../main/ipc/dispatch';
import { createHandlers, type HostInfo } from '../main/ipc/handlers';
import type { EventName, EventPayload } from '../shared/contract';
import { dropSourcePath } from './drop-sources';
import { startBridge, type Bridge } from './server';
import { uniqueTarget } from './unique-target';

export interface VaultBridgeOptions {
  rendererDir: string;
  clientScriptPath: string;
  info: Omit<HostInfo, 'host'>;
  /** The app's data folder (profile, link history, local vault). */
  dataDir: string;
  /** Where `bridge-drop:<name>` files are read from (default `<dataDir>/drop`). */
  dropDir?: string;
  /** Where downloads are saved (default `<dataDir>/downloads`). */
  downloadsDir?: string;
  port?: number;
  log?: HostLogger;
  controller?: AppControllerOptions;
}

export interface VaultBridge extends Bridge {
  dataDir: string;
  dropDir: string;
  downloadsDir: string;
  controller: AppController;
}

/** Starts the controller and the bridge over it; `close` stops both. */
export async function startVaultBridge(options: VaultBridgeOptions): Promise<VaultBridge> {
  const dataDir = path.resolve(options.dataDir);
  const dropDir = path.resolve(options.dropDir ?? path.join(dataDir, 'drop'));
  const downloadsDir = path.resolve(options.downloadsDir ?? path.join(dataDir, 'downloads'));
  await Promise.all([dataDir, dropDir, downloadsDir].map((dir) => mkdir(dir, { recursive: true })));

  // The controller is made before the server that carries its events: they go out once it exists.
  const events: { bridge?: Bridge } = {};
  const reserved = new Set<string>();
  const controller = new AppController(
    {
      dataDir,
      emit: <E extends EventName>(name: E, payload: EventPayload<E>) => events.bridge?.emit(name, payload),
      sessionStore: createMemorySessionStore(),
      dialogs: { saveAs: (name) => uniqueTarget(downloadsDir, name, reserved) },
      log: options.log ?? consoleLogger,
    },
    options.controller,
  );
  void controller.start();

  const server = await startBridge({
    port: options.port,
    rendererDir: options.rendererDir,
    clientScriptPath: options.clientScriptPath,
    handlers: withDropSources(createHandlers({ ...options.info, host: 'browser-bridge' }, controller), dropDir),
  });
  events.bridge = server;
  return {
    ...server,
    dataDir,
    dropDir,
    downloadsDir,
    controller,
    async close() {
      await server.close();
      await controller.close();
    },
  };
}

/** Uploads in the bridge name dropped files; they become paths in the drop folder before the controller sees them. */
function withDropSources(handlers: CallHandlers, dropDir: string): CallHandlers {
  return {
    ...handlers,
    'transfers.upload': (input) =>
      handlers['transfers.upload']({
        ...input,
        sources: input.sources.map((source) => dropSourcePath(dropDir, source)),
      }),
  };
}
