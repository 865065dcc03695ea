import path from 'node:path';
import {
  app,
  clipboard,
  dialog,
  ipcMain,
  Menu,
  nativeTheme,
  Notification,
  safeStorage,
  session,
  BrowserWindow,
} from 'electron';
import type { EventName, EventPayload } from '../../shared/contract';
import { AppController } from '../controller/app-controller';
import { createHandlers } from '../ipc/handlers';
import { appMenuTemplate } from './app-menu';
import { startAutoUpdate } from './auto-update';
import { LinkInbox, registerDeepLinks } from './deep-links';
import { createElectronDialogs } from './dialogs';
import { registerCalls, sendEvent } from './ipc-main';
import { registerAppScheme, serveRenderer } from './renderer-protocol';
import { createSafeSessionStore } from './safe-session-store';
import { hardenSession, hardenWebContents } from './security';
import { createTransferFeedback } from './transfer-feedback';
import { createMainWindow } from './window';

// Only `npm run dev` sets this, and only an unpackaged app honours it.
const devServerUrl = !app.isPackaged ? process.env.S3VAULT_DEV_SERVER_URL : undefined;
const devServerOrigin = devServerUrl ? new URL(devServerUrl).origin : undefined;
const currentTheme = () => (nativeTheme.shouldUseDarkColors ? 'dark' : 'light') as 'dark' | 'light';

let mainWindow: BrowserWindow | undefined;
const emit = <E extends EventName>(name: E, payload: EventPayload<E>): void => {
  for (const window of BrowserWindow.getAllWindows()) sendEvent(window.webContents, name, payload);
};
const inbox = new LinkInbox((message) => console.warn(`[links] ${message}`));

// One S3 Vault at a time: a second launch (a clicked s3vault:// link) hands its link to this one and quits.
const primary = registerDeepLinks(app, {
  inbox,
  focus: () => {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  },
  argv: process.argv,
  defaultApp: process.defaultApp,
  execPath: process.execPath,
  scriptPath: process.argv[1] ? path.resolve(process.argv[1]) : undefined,
});

if (!primary) {
  app.quit();
} else {
  app.enableSandbox();
  registerAppScheme();

  // Any webContents, including ones we did not create, gets the same guards.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, devServerOrigin));

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  void app.whenReady().then(() => {
    const distDir = path.join(__dirname, '..');
    const userData = app.getPath('userData');
    serveRenderer(path.join(distDir, 'renderer'));
    hardenSession(session.defaultSession);

    const controller = new AppController({
      dataDir: userData,
      emit,
      sessionStore: createSafeSessionStore({
        safeStorage,
        file: path.join(userData, 'session.bin'),
        platform: process.platform,
        log: (message) => console.info(`[session] ${message}`),
      }),
      dialogs: createElectronDialogs({
        dialog,
        window: () => mainWindow,
        downloadsDir: () => app.getPath('downloads'),
        platform: process.platform,
      }),
      clipboard: { writeText: (text) => clipboard.writeText(text) },
      onTransferActivity: createTransferFeedback({
        window: () => mainWindow,
        notify: Notification.isSupported() ? (title, body) => new Notification({ title, body }).show() : null,
      }),
    });
    void controller.start();
    registerCalls(
      ipcMain,
      createHandlers(
        {
          name: app.getName(),
          version: app.getVersion(),
          platform: process.platform,
          host: 'electron',
          theme: currentTheme,
        },
        controller,
      ),
      devServerOrigin,
    );
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        appMenuTemplate(process.platform, app.getName(), (command) => emit('ui.command', { command }), !app.isPackaged),
      ),
    );

    const openWindow = () => {
      mainWindow = createMainWindow({ preloadPath: path.join(distDir, 'preload', 'index.cjs'), devServerUrl });
      // Links that started the app wait until the UI can hear them.
      mainWindow.webContents.on('did-finish-load', () => inbox.open((link) => emit('links.received', { link })));
    };
    openWindow();
    void startAutoUpdate();
    nativeTheme.on('updated', () => emit('app.themeChanged', { theme: currentTheme() }));
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow();
    });

    // Transfers are cancelled (multipart uploads aborted, temporary files removed) and the local vault stopped first.
    let quitting: 'no' | 'closing' | 'closed' = 'no';
    app.on('before-quit', (event) => {
      if (quitting === 'closed') return;
      event.preventDefault();
      if (quitting === 'closing') return;
      quitting = 'closing';
      void controller.close().finally(() => {
        quitting = 'closed';
        app.quit();
      });
    });
  });
}
