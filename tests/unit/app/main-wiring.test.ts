import { describe, expect, it, vi } from 'vitest';

// Records the calls the main entry makes into Electron at start.
const calls: string[] = [];
const appListeners = new Map<string, (...args: unknown[]) => void>();
const ipcChannels: string[] = [];
const windows: Electron.BrowserWindowConstructorOptions[] = [];
const schemes: Electron.CustomScheme[] = [];
let sessionHardened = false;

vi.mock('electron', () => {
  class BrowserWindow {
    static getAllWindows = () => [];
    webContents = { on() {}, setWindowOpenHandler() {} };
    constructor(options: Electron.BrowserWindowConstructorOptions) {
      windows.push(options);
    }
    once() {}
    loadURL() {
      return Promise.resolve();
    }
  }
  return {
    app: {
      isPackaged: true,
      enableSandbox: () => calls.push('enableSandbox'),
      on: (name: string, listener: (...args: unknown[]) => void) => appListeners.set(name, listener),
      whenReady: () => Promise.resolve(),
      getName: () => 'S3 Vault',
      getVersion: () => '0.0.0',
    },
    protocol: {
      registerSchemesAsPrivileged: (list: Electron.CustomScheme[]) => schemes.push(...list),
      handle: (scheme: string) => calls.push(`protocol.handle:${scheme}`),
    },
    net: { fetch: vi.fn() },
    session: {
      defaultSession: {
        setPermissionRequestHandler: () => (sessionHardened = true),
        setPermissionCheckHandler() {},
        setDevicePermissionHandler() {},
      },
    },
    ipcMain: { handle: (channel: string) => ipcChannels.push(channel) },
    nativeTheme: { shouldUseDarkColors: false, on() {} },
    BrowserWindow,
  };
});

describe('the main entry', () => {
  it('enables the sandbox, registers a secure app:// scheme, hardens, wires IPC and opens one window', async () => {
    await import('../../../src/main/app/index');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(calls[0]).toBe('enableSandbox');
    expect(schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(calls).toContain('protocol.handle:app');
    expect(sessionHardened).toBe(true);
    expect(ipcChannels).toEqual(['vault:app.info']);
    expect(windows).toHaveLength(1);
    expect(windows[0]!.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });

    // Every webContents created later (not only ours) is hardened too.
    const guarded: string[] = [];
    appListeners.get('web-contents-created')!(
      {},
      { on: (name: string) => guarded.push(name), setWindowOpenHandler: () => guarded.push('window-open') },
    );
    expect(guarded).toEqual(expect.arrayContaining(['will-navigate', 'will-redirect', 'window-open']));
  });
});
