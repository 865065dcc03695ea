/*
 * ───────────────────────────────────────────────────────────────────────────
 *  SECURITY-SENSITIVE. Read Electron's security checklist before changing.
 *
 *  The renderer shows file names that came from other people and links pasted
 *  from anywhere. If it were ever made to run foreign script, that script must
 *  find no Node, no navigation to a page of its choosing, no new windows, no
 *  devices: so every window is isolated and sandboxed, content comes only from
 *  our own packaged files, and every escape hatch below is shut, in one place.
 * ───────────────────────────────────────────────────────────────────────────
 */
import type { Session, WebContents, WebPreferences } from 'electron';

/** The scheme our packaged renderer is served from (never file:// or http://). */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://vault`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Sent as a header with every renderer response; index.html carries the same policy in a meta tag. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/** True for URLs that belong to our own renderer; everything else is foreign. */
export function isAppUrl(url: string, devServerOrigin?: string): boolean {
  try {
    const parsed = new URL(url);
    // Node's URL reports origin "null" for custom schemes, so compare scheme and host.
    if (parsed.protocol === `${APP_SCHEME}:` && parsed.host === new URL(APP_ORIGIN).host) return true;
    return devServerOrigin !== undefined && parsed.origin === devServerOrigin;
  } catch {
    return false;
  }
}

/** Shuts navigation, redirects, new windows and webviews for one webContents. */
export function hardenWebContents(contents: WebContents, devServerOrigin?: string): void {
  const refuseForeign = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url, devServerOrigin)) event.preventDefault();
  };
  contents.on('will-navigate', refuseForeign);
  contents.on('will-redirect', refuseForeign);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Denies every permission (camera, notifications from pages, geolocation, …) a page could ask for. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
