/**
 * Runs sandboxed, before the renderer. Exposes `window.vault`, built from the
 * contract, and nothing else: no ipcRenderer, no channels, no Node.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { buildVaultApi } from '../shared/build-vault-api';
import { CALL_CHANNEL_PREFIX, EVENT_CHANNEL } from '../shared/contract';
import type { Result } from '../shared/result';

const vault = buildVaultApi({
  invoke: (name, input) => ipcRenderer.invoke(CALL_CHANNEL_PREFIX + name, input) as Promise<Result<unknown>>,
  subscribe: (listener) => {
    ipcRenderer.on(EVENT_CHANNEL, (_event, name: string, payload: unknown) => listener(name, payload));
  },
  // Electron 32 removed File.path; this is how a sandboxed page learns a dropped file's path.
  pathForFile: (file) => webUtils.getPathForFile(file),
});

contextBridge.exposeInMainWorld('vault', vault);
