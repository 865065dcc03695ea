/**
 * Runs in the browser page before the app: defines window.vault over the
 * bridge's WebSocket, from the same contract as the Electron preload.
 */
import { buildVaultApi } from '../shared/build-vault-api';
import { fail, type Result } from '../shared/result';
import { BRIDGE_SOCKET_PATH } from './protocol';

const token = new URLSearchParams(location.search).get('token') ?? '';
const socket = new WebSocket(
  `${location.origin.replace(/^http/, 'ws')}${BRIDGE_SOCKET_PATH}?token=${encodeURIComponent(token)}`,
);
const opened = new Promise<void>((resolve) => socket.addEventListener('open', () => resolve(), { once: true }));
const pending = new Map<number, (result: Result<unknown>) => void>();
const eventListeners: ((name: string, payload: unknown) => void)[] = [];
let nextId = 1;

socket.addEventListener('message', (message) => {
  const data = JSON.parse(String(message.data)) as {
    id?: number;
    result?: Result<unknown>;
    event?: string;
    payload?: unknown;
  };
  if (typeof data.id === 'number' && data.result) {
    pending.get(data.id)?.(data.result);
    pending.delete(data.id);
  } else if (typeof data.event === 'string') {
    for (const listener of eventListeners) listener(data.event, data.payload);
  }
});

socket.addEventListener('close', () => {
  for (const resolve of pending.values()) resolve(fail('UNAVAILABLE', 'The connection to S3 Vault closed.'));
  pending.clear();
});

const vault = buildVaultApi({
  async invoke(name, input) {
    if (socket.readyState > WebSocket.OPEN) return fail('UNAVAILABLE', 'The connection to S3 Vault is closed.');
    await opened;
    const id = nextId++;
    return new Promise<Result<unknown>>((resolve) => {
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, call: name, input }));
    });
  },
  subscribe(listener) {
    eventListeners.push(listener);
  },
  // A page never learns a dropped file's path: the bridge host looks the name up in its drop folder.
  pathForFile: (file) => `bridge-drop:${file.name}`,
});

Object.defineProperty(window, 'vault', { value: vault, enumerable: true });
