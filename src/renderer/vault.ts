import type { VaultApi } from '../shared/vault-api';

declare global {
  interface Window {
    /** Provided by the preload (Electron) or the browser bridge's client (development and tests). */
    readonly vault: VaultApi;
  }
}

export const vault: VaultApi = window.vault;
