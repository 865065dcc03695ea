/**
 * The browser bridge: a development and test tool, never packaged. It serves
 * the built renderer on 127.0.0.1 and backs `window.vault` with the real
 * handlers over a loopback WebSocket, so the UI runs end to end in a plain
 * browser where no Electron binary exists. The WebSocket demands a random
 * token (given only in the printed URL) and our own Origin, so another page or
 * process on this machine cannot drive the vault.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { CONTENT_SECURITY_POLICY_BRIDGE, BRIDGE_CLIENT_PATH, BRIDGE_SOCKET_PATH } from './protocol';
import type { EventName, EventPayload } from '../shared/contract';
import { dispatch, type CallHandlers } from '../main/ipc/dispatch';
import { resolveInside } from '../main/files/resolve-inside';

export interface BridgeOptions {
  rendererDir: string;
  clientScriptPath: string;
  handlers: CallHandlers;
  port?: number;
}

export interface Bridge {
  url: string;
  port: number;
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = randomBytes(24).toString('base64url');
  const sockets = new Set<WebSocket>();
  let origin = '';

  const server = http.createServer((request, response) => {
    void serveFile(options, request, response, origin);
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });

  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', origin);
    const allowed =
      url.pathname === BRIDGE_SOCKET_PATH &&
      request.headers.origin === origin &&
      sameSecret(url.searchParams.get('token') ?? '', token);
    if (!allowed) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data) => void answer(ws, options.handlers, data.toString()));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/?token=${token}`,
    port,
    emit(name, payload) {
      const message = JSON.stringify({ event: name, payload });
      for (const ws of sockets) ws.send(message);
    },
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function answer(ws: WebSocket, handlers: CallHandlers, raw: string): Promise<void> {
  let message: { id?: unknown; call?: unknown; input?: unknown };
  try {
    message = JSON.parse(raw) as typeof message;
  } catch {
    return;
  }
  if (typeof message !== 'object' || message === null || typeof message.id !== 'number') return;
  const result = await dispatch(handlers, message.call, message.input);
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: message.id, result }));
}

async function serveFile(
  options: BridgeOptions,
  request: http.IncomingMessage,
  response: http.ServerResponse,
  origin: string,
): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405).end();
    return;
  }
  const pathname = new URL(request.url ?? '/', origin).pathname;
  const filePath =
    pathname === BRIDGE_CLIENT_PATH ? options.clientScriptPath : resolveInside(options.rendererDir, pathname);
  let body: Buffer;
  try {
    if (!filePath) throw new Error('outside');
    body = await readFile(filePath);
  } catch {
    response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    return;
  }
  if (filePath.endsWith('index.html')) body = Buffer.from(injectClient(body.toString('utf8')));
  response.writeHead(200, {
    'Content-Type': CONTENT_TYPES[path.extname(filePath)] ?? 'application/octet-stream',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY_BRIDGE(origin),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}

/** The bridge client must define window.vault before the app's module script runs. */
function injectClient(html: string): string {
  return html.replace('<head>', `<head>\n    <script src="${BRIDGE_CLIENT_PATH}"></script>`);
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
