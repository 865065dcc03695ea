/**
 * Auto-update with electron-updater, for packaged builds only.
 *
 * The feed comes from, in order:
 *   1. S3VAULT_UPDATE_URL at run time: a generic HTTPS feed (a folder holding
 *      latest.yml / latest-mac.yml / latest-linux.yml and the installers, e.g. an
 *      S3 bucket or CloudFront URL); for testing a release channel or pinning a
 *      company mirror;
 *   2. app-update.yml in the app's resources, which electron-builder writes from
 *      the `publish` setting at build time (scripts/dist.mjs sets it from
 *      S3VAULT_UPDATE_URL or S3VAULT_UPDATE_BUCKET: see the README).
 * Without either, or with S3VAULT_DISABLE_UPDATES=1, or in development
 * (`!app.isPackaged`), updates are off. Updates download in the background;
 * the user is asked before the app restarts to install one, and otherwise it
 * installs when they quit. Every error is logged, none is thrown.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { app, dialog } from 'electron';

export type UpdateFeed = { kind: 'url'; url: string } | { kind: 'packaged'; configFile: string };
export type UpdateDecision = { enabled: true; feed: UpdateFeed } | { enabled: false; reason: string };

export interface UpdateEnvironment {
  isPackaged: boolean;
  env: Record<string, string | undefined>;
  /** process.resourcesPath in a packaged app. */
  resourcesPath?: string;
  fileExists: (file: string) => boolean;
}

const TRUE_VALUES = new Set(['1', 'true', 'yes', 'on']);
/** How often a running app looks for a newer version after the first check at start. */
export const CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;

/** Whether to look for updates, and where. Pure: the unit tests drive it. */
export function decideAutoUpdate({ isPackaged, env, resourcesPath, fileExists }: UpdateEnvironment): UpdateDecision {
  if (!isPackaged) return { enabled: false, reason: 'development build (app is not packaged)' };
  if (TRUE_VALUES.has((env.S3VAULT_DISABLE_UPDATES ?? '').trim().toLowerCase())) {
    return { enabled: false, reason: 'turned off by S3VAULT_DISABLE_UPDATES' };
  }
  const url = env.S3VAULT_UPDATE_URL?.trim();
  if (url) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return { enabled: false, reason: `S3VAULT_UPDATE_URL is not a URL: ${url}` };
    }
    // Installers are code: never fetched over plain HTTP.
    if (parsed.protocol !== 'https:') return { enabled: false, reason: 'S3VAULT_UPDATE_URL must be an https:// URL' };
    return { enabled: true, feed: { kind: 'url', url: parsed.href } };
  }
  if (resourcesPath) {
    const configFile = path.join(resourcesPath, 'app-update.yml');
    if (fileExists(configFile)) return { enabled: true, feed: { kind: 'packaged', configFile } };
  }
  return { enabled: false, reason: 'no update feed configured (no S3VAULT_UPDATE_URL, no app-update.yml)' };
}

export interface UpdateLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** The part of electron-updater's AppUpdater this module uses. */
export interface Updater {
  logger: unknown;
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(): void;
}

/** Asks whether to restart now; resolves true for "Restart now". */
export type AskToRestart = (version: string) => Promise<boolean>;

const consoleLogger: UpdateLogger = {
  info: (message) => console.info(`[auto-update] ${message}`),
  warn: (message) => console.warn(`[auto-update] ${message}`),
  error: (message) => console.error(`[auto-update] ${message}`),
};

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export const askWithDialog: AskToRestart = async (version) => {
  const { response } = await dialog.showMessageBox({
    type: 'info',
    buttons: ['Restart now', 'Later'],
    defaultId: 0,
    cancelId: 1,
    title: 'Update ready',
    message: `S3 Vault ${version} is ready to install.`,
    detail: 'Restart now to finish updating? Transfers in progress will stop. Otherwise it installs when you quit.',
  });
  return response === 0;
};

/** Wires an updater: logs its errors, asks once per downloaded version, checks now and periodically. */
export function runUpdater(
  updater: Updater,
  feed: UpdateFeed,
  { ask = askWithDialog, log = consoleLogger, schedule = defaultSchedule } = {},
): void {
  updater.logger = log;
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  if (feed.kind === 'url') updater.setFeedURL({ provider: 'generic', url: feed.url });
  updater.on('error', (error) => log.error(`update failed: ${messageOf(error)}`));
  const asked = new Set<string>();
  updater.on('update-downloaded', (info) => {
    if (asked.has(info.version)) return;
    asked.add(info.version);
    ask(info.version)
      .then((restart) => {
        if (restart) updater.quitAndInstall();
        else log.info(`${info.version} will install when the app quits`);
      })
      .catch((error: unknown) => log.error(`could not ask to restart: ${messageOf(error)}`));
  });
  const check = () => {
    try {
      updater.checkForUpdates().catch((error: unknown) => log.error(`update check failed: ${messageOf(error)}`));
    } catch (error) {
      log.error(`update check failed: ${messageOf(error)}`);
    }
  };
  check();
  schedule(check, CHECK_INTERVAL_MS);
}

function defaultSchedule(task: () => void, everyMs: number): void {
  setInterval(task, everyMs).unref();
}

/**
 * electron-updater is CommonJS and defines `autoUpdater` with a getter, which
 * Node's ESM loader does not see as a named export: under Electron, import()
 * gives it only on `default`. Bundlers and test mocks give it by name.
 */
export function pickAutoUpdater(loaded: { autoUpdater?: unknown; default?: unknown }): Updater {
  const updater = loaded.autoUpdater ?? (loaded.default as { autoUpdater?: unknown } | undefined)?.autoUpdater;
  if (!updater) throw new Error('electron-updater exposes no autoUpdater');
  return updater as Updater;
}

/** The one call from the main entry, once the app is ready. Never throws. */
export async function startAutoUpdate(log: UpdateLogger = consoleLogger): Promise<void> {
  try {
    const decision = decideAutoUpdate({
      isPackaged: app.isPackaged,
      env: process.env,
      resourcesPath: process.resourcesPath,
      fileExists: existsSync,
    });
    if (!decision.enabled) {
      log.info(`off: ${decision.reason}`);
      return;
    }
    log.info(`on: ${decision.feed.kind === 'url' ? decision.feed.url : decision.feed.configFile}`);
    // Loaded only when updates are on, so development and tests never touch it.
    const autoUpdater = pickAutoUpdater(await import('electron-updater'));
    runUpdater(autoUpdater, decision.feed, { log });
  } catch (error) {
    log.error(`could not start: ${messageOf(error)}`);
  }
}
