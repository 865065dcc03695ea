/**
 * An HTTP proxy on loopback in front of the local backend that records every
 * request (method, URL, headers, the status answered) and, when told, misbehaves
 * for one request: resets its connection before or after forwarding it, answers
 * in the backend's place, or holds the answer (whole, or after its first body
 * bytes). The Host header is forwarded unchanged, so signatures still verify.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  /** The status the backend answered (or the proxy in its place); undefined while pending or when reset first. */
  status?: number;
  /** S3's error code, from the body of an error answer. */
  errorCode?: string;
  /** Body bytes relayed to the client so far. */
  relayedBytes: number;
  /** What the proxy did with it. */
  action: ProxyAction['kind'];
}

export type ProxyAction =
  /** Forward it and relay the answer. */
  | { kind: 'forward' }
  /** Reset the client's connection before forwarding anything (the backend never sees it). */
  | { kind: 'reset' }
  /** Forward it, let the backend answer, then reset the client's connection: the answer is lost. */
  | { kind: 'reset-after-forward' }
  /** Answer in the backend's place. */
  | { kind: 'answer'; status: number; body: string; headers?: Record<string, string> }
  /** Forward it, and never relay the answer. */
  | { kind: 'hold' }
  /** Neither forward it nor answer it: the request hangs (the backend never sees it). */
  | { kind: 'stall' }
  /** Forward it, relay the status, headers and first `bytes` of the body, then nothing more. */
  | { kind: 'hold-body'; bytes: number };

export interface RecordingProxy {
  url: string;
  readonly requests: RecordedRequest[];
  /** Decides what to do with each request; the default forwards everything. */
  decide: (request: http.IncomingMessage, index: number) => ProxyAction;
  close(): Promise<void>;
}

export async function startRecordingProxy(targetPort: number): Promise<RecordingProxy> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const proxy: RecordingProxy = {
    url: '',
    requests,
    decide: () => ({ kind: 'forward' }),
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const server = http.createServer((req, res) => {
    const action = proxy.decide(req, requests.length);
    const entry: RecordedRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      relayedBytes: 0,
      action: action.kind,
    };
    requests.push(entry);
    if (action.kind === 'reset') {
      req.socket.resetAndDestroy();
      return;
    }
    if (action.kind === 'stall') {
      req.resume();
      return;
    }
    if (action.kind === 'answer') {
      req.resume();
      req.on('end', () => {
        entry.status = action.status;
        entry.errorCode = errorCodeIn(action.body);
        entry.relayedBytes = Buffer.byteLength(action.body);
        res.writeHead(action.status, { 'content-type': 'application/xml', ...action.headers });
        res.end(action.body);
      });
      return;
    }
    const upstream = http.request(
      { host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        entry.status = answer.statusCode;
        let errorBody = '';
        answer.on('data', (chunk: Buffer) => {
          if ((answer.statusCode ?? 0) >= 300 && errorBody.length < 4096) errorBody += chunk.toString('utf8');
        });
        answer.on('end', () => {
          if (errorBody) entry.errorCode = errorCodeIn(errorBody);
        });
        if (action.kind === 'reset-after-forward') {
          answer.resume();
          answer.on('end', () => req.socket.resetAndDestroy());
          return;
        }
        if (action.kind === 'hold') {
          answer.resume();
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        if (action.kind === 'hold-body') {
          let left = action.bytes;
          answer.on('data', (chunk: Buffer) => {
            if (left > 0) {
              res.write(chunk.subarray(0, left));
              entry.relayedBytes += Math.min(left, chunk.length);
            }
            left -= chunk.length;
          });
          return;
        }
        answer.on('data', (chunk: Buffer) => {
          entry.relayedBytes += chunk.length;
        });
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}

function errorCodeIn(body: string): string | undefined {
  return /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
}
