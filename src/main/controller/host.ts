/**
 * What a host (the Electron main process, the browser bridge, a test) gives
 * the app controller. Everything here is small and replaceable, so the
 * controller never imports electron (DESIGN §1).
 */
import type { EventName, EventPayload } from '../../shared/contract';
import type { SessionStore } from '../vault/session-store';
import type { TransferActivity } from './transfer-manager';

/** Sends one contract event to the UI. */
export type EmitEvent = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

/** The host's native dialogs; a missing one makes its call answer UNAVAILABLE (the bridge has none for picking). */
export interface HostDialogs {
  /** Asks for a profile file (JSON); its path, or null when the person cancels. */
  openProfileFile?(): Promise<string | null>;
  /** Asks for files or folders to upload; their paths, or null when the person cancels. */
  pickFiles?(): Promise<string[] | null>;
  /** Asks where to save a download named `suggestedName`; the path, or null when the person cancels. */
  saveAs(suggestedName: string): Promise<string | null>;
}

export interface HostLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

export interface AppHost {
  /** The app's own folder (Electron: userData): profile.json, link-history.json, local-vault/. */
  dataDir: string;
  emit: EmitEvent;
  /** Where the sign-in is remembered (safeStorage in Electron, memory where there is no real keychain). */
  sessionStore: SessionStore;
  dialogs: HostDialogs;
  /** The system clipboard, where the host has one. */
  clipboard?: { writeText(text: string): void };
  log?: HostLogger;
  /** Told after every transfer change: drives the window's progress bar and the "transfers finished" notification. */
  onTransferActivity?(activity: TransferActivity): void;
}

/** Logs to the console with a prefix (the default logger). */
export const consoleLogger: HostLogger = {
  info: (message) => console.info(`[vault] ${message}`),
  warn: (message) => console.warn(`[vault] ${message}`),
  error: (message, error) => console.error(`[vault] ${message}`, ...(error === undefined ? [] : [error])),
};
