/**
 * Transfers seen from outside the window: the progress bar on the dock or
 * taskbar icon while transfers run, and a notification when a batch ends
 * while the person is looking elsewhere.
 */
import type { BrowserWindow } from 'electron';
import type { TransferActivity } from '../controller/transfer-manager';

export interface TransferFeedbackOptions {
  window(): BrowserWindow | undefined;
  /** Shows a system notification (null where the system has none). */
  notify: ((title: string, body: string) => void) | null;
}

/** The host's onTransferActivity for Electron. */
export function createTransferFeedback({
  window,
  notify,
}: TransferFeedbackOptions): (activity: TransferActivity) => void {
  return (activity) => {
    const win = window();
    if (!win || win.isDestroyed()) return;
    // -1 removes the bar; Electron wants a fraction in [0, 1] otherwise.
    win.setProgressBar(activity.active > 0 ? Math.min(1, Math.max(0, activity.fraction)) : -1);
    if (activity.finished && notify && !win.isFocused()) {
      const message = batchMessage(activity.finished);
      if (message) notify('S3 Vault', message);
    }
  };
}

/** "3 transfers finished", "2 finished, 1 failed"; null for a batch the person cancelled whole. */
export function batchMessage({ done, failed }: NonNullable<TransferActivity['finished']>): string | null {
  if (failed === 0 && done === 0) return null;
  if (failed === 0) return done === 1 ? 'Your transfer finished.' : `${done} transfers finished.`;
  return `${done} finished, ${failed} failed. Open S3 Vault to retry.`;
}
