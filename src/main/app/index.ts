import path from 'node:path';
import { app, ipcMain, nativeTheme, session, BrowserWindow } from 'electron';
import { createHandlers } from '../ipc/handlers';
import { startAutoUpdate } from './auto-update';
import { registerCalls, sendEvent } from './ipc-main';
import { registerAppScheme, serveRenderer } from './renderer-protocol';
import { hardenSession, hardenWebContents } from './security';
import { createMainWindow } from './window';

// Only `npm run dev` sets this, and only an unpackaged app honours it.
const devServerUrl = !app.isPackaged ? process.env.S3VAULT_DEV_SERVER_URL : undefined;
const devServerOrigin = devServerUrl ? new URL(devServerUrl).origin : undefined;
const currentTheme = () => (nativeTheme.shouldUseDarkColors ? 'dark' : 'light') as 'dark' | 'light';

app.enableSandbox();
registerAppScheme();

// Any webContents, including ones we did not create, gets the same guards.
app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, devServerOrigin));

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

void app.whenReady().then(() => {
  const distDir = path.join(__dirname, '..');
  serveRenderer(path.join(distDir, 'renderer'));
  hardenSession(session.defaultSession);
  registerCalls(
    ipcMain,
    createHandlers({
      name: app.getName(),
      version: app.getVersion(),
      platform: process.platform,
      host: 'electron',
      theme: currentTheme,
    }),
    devServerOrigin,
  );
  const openWindow = () => createMainWindow({ preloadPath: path.join(distDir, 'preload', 'index.cjs'), devServerUrl });
  openWindow();
  void startAutoUpdate();
  nativeTheme.on('updated', () => {
    for (const window of BrowserWindow.getAllWindows()) {
      sendEvent(window.webContents, 'app.themeChanged', { theme: currentTheme() });
    }
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
});
