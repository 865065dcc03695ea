import type { CallHandlers } from './dispatch';

/** What a host (the Electron main process or the browser bridge) tells the handlers about itself. */
export interface HostInfo {
  name: string;
  version: string;
  platform: string;
  host: 'electron' | 'browser-bridge';
  theme: () => 'light' | 'dark';
}

/** The implementation of every call in the contract, independent of the transport. */
export function createHandlers(host: HostInfo): CallHandlers {
  return {
    'app.info': () => ({
      name: host.name,
      version: host.version,
      platform: host.platform,
      host: host.host,
      theme: host.theme(),
    }),
  };
}
