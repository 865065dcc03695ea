import { beforeEach, describe, expect, it, vi } from 'vitest';

type Listener = (event: { preventDefault(): void }, url: string) => void;

// A minimal stand-in for Electron: records what the app asks of it.
const created: {
  options: Electron.BrowserWindowConstructorOptions;
  listeners: Map<string, Listener>;
  openHandler?: () => unknown;
  loaded?: string;
}[] = [];

vi.mock('electron', () => {
  class BrowserWindow {
    webContents: unknown;
    constructor(options: Electron.BrowserWindowConstructorOptions) {
      const record = { options, listeners: new Map<string, Listener>() } as (typeof created)[number];
      created.push(record);
      this.webContents = {
        on: (name: string, listener: Listener) => record.listeners.set(name, listener),
        setWindowOpenHandler: (handler: () => unknown) => (record.openHandler = handler),
      };
      this.loadURL = (url: string) => {
        record.loaded = url;
        return Promise.resolve();
      };
    }
    loadURL: (url: string) => Promise<void>;
    once() {}
    show() {}
  }
  return { BrowserWindow };
});

const { createMainWindow } = await import('../../../src/main/app/window');
const { hardenSession, CONTENT_SECURITY_POLICY } = await import('../../../src/main/app/security');

function navigate(listener: Listener | undefined, url: string): boolean {
  let prevented = false;
  listener?.({ preventDefault: () => (prevented = true) }, url);
  return prevented;
}

describe('the main window', () => {
  beforeEach(() => {
    created.length = 0;
  });

  it('is isolated, sandboxed and without Node, as DESIGN §1 asks', () => {
    createMainWindow({ preloadPath: '/app/dist/preload/index.cjs' });
    const prefs = created[0]!.options.webPreferences!;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/dist/preload/index.cjs',
    });
  });

  it('loads only our own packaged content', () => {
    createMainWindow({ preloadPath: 'p' });
    expect(created[0]!.loaded).toBe('app://vault/index.html');
  });

  it('refuses navigation and redirects to anything but our own origin', () => {
    createMainWindow({ preloadPath: 'p' });
    const { listeners } = created[0]!;
    expect(navigate(listeners.get('will-navigate'), 'https://evil.example/')).toBe(true);
    expect(navigate(listeners.get('will-navigate'), 'file:///etc/passwd')).toBe(true);
    expect(navigate(listeners.get('will-redirect'), 'http://127.0.0.1:5173/')).toBe(true);
    expect(navigate(listeners.get('will-navigate'), 'app://vault/index.html#files')).toBe(false);
    expect(navigate(listeners.get('will-attach-webview'), 'app://vault/')).toBe(true);
  });

  it('allows the dev server origin only when one is given', () => {
    createMainWindow({ preloadPath: 'p', devServerUrl: 'http://127.0.0.1:5173/' });
    const { listeners, loaded } = created[0]!;
    expect(loaded).toBe('http://127.0.0.1:5173/');
    expect(navigate(listeners.get('will-navigate'), 'http://127.0.0.1:5173/#x')).toBe(false);
    expect(navigate(listeners.get('will-navigate'), 'http://127.0.0.1:5174/')).toBe(true);
  });

  it('denies every window.open', () => {
    createMainWindow({ preloadPath: 'p' });
    expect(created[0]!.openHandler?.()).toEqual({ action: 'deny' });
  });
});

describe('the session guards', () => {
  it('deny every permission request and check', () => {
    const handlers: Record<string, (...args: unknown[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (h: (...args: unknown[]) => unknown) => (handlers.request = h),
      setPermissionCheckHandler: (h: (...args: unknown[]) => unknown) => (handlers.check = h),
      setDevicePermissionHandler: (h: (...args: unknown[]) => unknown) => (handlers.device = h),
    };
    hardenSession(session as unknown as Electron.Session);
    const callback = vi.fn();
    handlers.request!(null, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(handlers.check!(null, 'notifications')).toBe(false);
    expect(handlers.device!({})).toBe(false);
  });

  it('use a strict content security policy', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });
});
