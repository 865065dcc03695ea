import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL, hardenWebContents, secureWebPreferences } from './security';

export interface WindowOptions {
  preloadPath: string;
  /** Set only in development (`npm run dev`): the Vite server's origin. */
  devServerUrl?: string;
}

/** The one factory for app windows, so no window is ever made without the hardening. */
export function createMainWindow({ preloadPath, devServerUrl }: WindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1100,
    height: 720,
    minWidth: 720,
    minHeight: 480,
    title: 'S3 Vault',
    show: false,
    webPreferences: secureWebPreferences(preloadPath),
  });
  hardenWebContents(window.webContents, devServerUrl ? new URL(devServerUrl).origin : undefined);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(devServerUrl ?? APP_ENTRY_URL);
  return window;
}
