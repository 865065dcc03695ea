import { describe, expect, it, vi } from 'vitest';
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { registerCalls } from '../../../src/main/app/ipc-main';
import { createHandlers } from '../../../src/main/ipc/handlers';
import { VaultError } from '../../../src/main/vault/errors';
import type { CallHandlers } from '../../../src/main/ipc/dispatch';
import type { AppController } from '../../../src/main/controller/app-controller';
import { CALL_NAMES } from '../../../src/shared/contract';

vi.mock('electron', () => ({}));

type Handler = (event: IpcMainInvokeEvent, input: unknown) => Promise<unknown>;

function register(handlers: CallHandlers) {
  const registered = new Map<string, Handler>();
  const ipcMain = { handle: (channel: string, handler: Handler) => registered.set(channel, handler) };
  registerCalls(ipcMain as unknown as IpcMain, handlers);
  return registered;
}

/** An invoke event from a frame at `url`; `topFrame` false makes it a subframe of the window. */
function eventFrom(url: string, topFrame = true): IpcMainInvokeEvent {
  const mainFrame = { url };
  const senderFrame = topFrame ? mainFrame : { url };
  return { sender: { mainFrame }, senderFrame } as unknown as IpcMainInvokeEvent;
}

// app.info is answered by the host; no other call runs in these tests.
const handlers = createHandlers(
  { name: 'S3 Vault', version: '1.2.3', platform: 'linux', host: 'electron', theme: () => 'dark' },
  {} as AppController,
);

describe('the IPC handle wrapper', () => {
  it('registers one channel per contract call', () => {
    expect([...register(handlers).keys()]).toEqual(CALL_NAMES.map((name) => `vault:${name}`));
    expect(CALL_NAMES).toContain('files.list');
  });

  it('answers our own top-level frame with an ok envelope', async () => {
    const call = register(handlers).get('vault:app.info')!;
    await expect(call(eventFrom('app://vault/index.html'), undefined)).resolves.toEqual({
      ok: true,
      value: { name: 'S3 Vault', version: '1.2.3', platform: 'linux', host: 'electron', theme: 'dark' },
    });
  });

  it('rejects a malformed argument with INVALID_INPUT', async () => {
    const call = register(handlers).get('vault:app.info')!;
    const result = (await call(eventFrom('app://vault/index.html'), { unexpected: true })) as {
      ok: boolean;
      error: { code: string; message: string };
    };
    expect(result.ok).toBe(false);
    expect(result.error.code).toBe('INVALID_INPUT');
    expect(result.error.message).toMatch(/app\.info/);
  });

  it.each([
    ['a foreign page', eventFrom('https://evil.example/')],
    ['a subframe of our window', eventFrom('app://vault/index.html', false)],
    ['a file:// page', eventFrom('file:///tmp/index.html')],
    ['a sender without a frame', { sender: { mainFrame: {} }, senderFrame: null } as unknown as IpcMainInvokeEvent],
  ])('rejects %s with FORBIDDEN_SENDER before running anything', async (_name, event) => {
    const info = vi.fn();
    const call = register({ 'app.info': info } as unknown as CallHandlers).get('vault:app.info')!;
    await expect(call(event, undefined)).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(info).not.toHaveBeenCalled();
  });

  it('passes a VaultError through and hides anything else behind INTERNAL', async () => {
    const failing = (error: Error) =>
      register({ 'app.info': () => Promise.reject(error) } as unknown as CallHandlers).get('vault:app.info')!;
    const event = eventFrom('app://vault/index.html');
    await expect(failing(new VaultError('ACCESS_DENIED', 'No access to the key.'))(event, undefined)).resolves.toEqual({
      ok: false,
      error: { code: 'ACCESS_DENIED', message: 'No access to the key.' },
    });
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const hidden = (await failing(new Error('secret AKIA... at /home/x'))(event, undefined)) as {
      error: { message: string };
    };
    expect(hidden).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(hidden.error.message).not.toMatch(/AKIA|\/home/);
    spy.mockRestore();
  });
});
