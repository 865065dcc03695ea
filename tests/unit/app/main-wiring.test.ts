import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CALL_NAMES } from '../../../src/shared/contract';

// Records the calls the main entry makes into Electron at start.
const calls: string[] = [];
const appListeners = new Map<string, (...args: unknown[]) => void>();
const ipcChannels: string[] = [];
const windows: Electron.BrowserWindowConstructorOptions[] = [];
const schemes: Electron.CustomScheme[] = [];
let sessionHardened = false;
const menus: Electron.MenuItemConstructorOptions[][] = [];
const userData = mkdtempSync(path.join(tmpdir(), 's3vault-wiring-'));

vi.mock('electron', () => {
  class BrowserWindow {
    static getAllWindows = () => [];
    webContents = { on() {}, setWindowOpenHandler() {}, send() {}, isDestroyed: () => false };
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
      getPath: (name: string) => path.join(userData, name === 'userData' ? '' : name),
      requestSingleInstanceLock: () => (calls.push('requestSingleInstanceLock'), true),
      setAsDefaultProtocolClient: (scheme: string) => calls.push(`setAsDefaultProtocolClient:${scheme}`),
      quit: () => calls.push('quit'),
    },
    Menu: {
      buildFromTemplate: (template: Electron.MenuItemConstructorOptions[]) => (menus.push(template), template),
      setApplicationMenu: () => calls.push('setApplicationMenu'),
    },
    dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn() },
    clipboard: { writeText: vi.fn() },
    // Linux without a keyring: the session must not be remembered.
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'basic_text',
      encryptString: vi.fn(),
      decryptString: vi.fn(),
    },
    Notification: Object.assign(vi.fn(), { isSupported: () => false }),
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
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    await import('../../../src/main/app/index');
    await new Promise((resolve) => setTimeout(resolve, 0));
    // One instance, which owns s3vault:// links, before anything else.
    expect(calls.slice(0, 3)).toEqual([
      'requestSingleInstanceLock',
      'setAsDefaultProtocolClient:s3vault',
      'enableSandbox',
    ]);
    expect(schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(calls).toContain('protocol.handle:app');
    expect(sessionHardened).toBe(true);
    expect(ipcChannels).toEqual(CALL_NAMES.map((name) => `vault:${name}`));
    expect(calls).toContain('setApplicationMenu');
    const file = menus[0]!.find((menu) => menu.label === 'File')!;
    expect((file.submenu as Electron.MenuItemConstructorOptions[])[0]).toMatchObject({
      label: 'Add Files…',
      accelerator: 'CmdOrCtrl+O',
    });
    expect(info).toHaveBeenCalledWith(expect.stringMatching(/will not be remembered.*basic_text/));
    info.mockRestore();
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
