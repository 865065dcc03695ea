/**
 * The only place that touches ipcMain (lint forbids it elsewhere). Every call
 * is checked to come from our own top-level frame before its input is
 * validated and run.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import {
  CALL_CHANNEL_PREFIX,
  CALL_NAMES,
  EVENT_CHANNEL,
  type EventName,
  type EventPayload,
} from '../../shared/contract';
import { fail, type Result } from '../../shared/result';
import { dispatch, type CallHandlers } from '../ipc/dispatch';
import { isAppUrl } from './security';

/** A sender is trusted when it is the main frame of one of our windows, showing our own content. */
export function isTrustedSender(event: IpcMainInvokeEvent, devServerOrigin?: string): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  if (frame !== event.sender.mainFrame) return false;
  return isAppUrl(frame.url, devServerOrigin);
}

export function registerCalls(ipcMain: IpcMain, handlers: CallHandlers, devServerOrigin?: string): void {
  for (const name of CALL_NAMES) {
    ipcMain.handle(CALL_CHANNEL_PREFIX + name, async (event, input: unknown): Promise<Result<unknown>> => {
      if (!isTrustedSender(event, devServerOrigin)) {
        return fail('FORBIDDEN_SENDER', `${name} was refused: it did not come from the S3 Vault window.`);
      }
      return dispatch(handlers, name, input);
    });
  }
}

export function sendEvent<E extends EventName>(contents: WebContents, name: E, payload: EventPayload<E>): void {
  if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, name, payload);
}
