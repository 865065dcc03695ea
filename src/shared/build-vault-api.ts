import { CALL_NAMES, isEventName, type EventName } from './contract';
import type { VaultApi, VaultTransport } from './vault-api';

/**
 * Builds `window.vault` from the contract over a transport. Task-level
 * functions only: the renderer never sees a channel or `ipcRenderer`.
 */
export function buildVaultApi(transport: VaultTransport): VaultApi {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  transport.subscribe((name, payload) => {
    if (!isEventName(name)) return;
    for (const listener of listeners.get(name) ?? []) listener(payload);
  });

  const api: Record<string, unknown> = {
    on(name: EventName, listener: (payload: unknown) => void) {
      if (!isEventName(name)) throw new Error(`Unknown event: ${String(name)}`);
      const set = listeners.get(name) ?? new Set();
      set.add(listener);
      listeners.set(name, set);
      return () => set.delete(listener);
    },
    pathForFile: (file: File) => transport.pathForFile(file),
  };
  for (const name of CALL_NAMES) {
    const [group, method] = name.split('.') as [string, string];
    const target = (api[group] ??= {}) as Record<string, unknown>;
    target[method] = (input: unknown) => transport.invoke(name, input);
  }
  return Object.freeze(api) as unknown as VaultApi;
}
