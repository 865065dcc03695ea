import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServiceHandler } from '../../../src/local/core/http';
import { routeRequest, type ServiceName } from '../../../src/local/route';

export interface TestServer {
  endpoint: string;
  close(): Promise<void>;
}

/**
 * A loopback HTTP server that routes like the local backend's one port
 * (src/local/route.ts) to the given service handlers; 501 for the others.
 */
export async function startTestServer(handlers: Partial<Record<ServiceName, ServiceHandler>>): Promise<TestServer> {
  const server: Server = createServer((req, res) => {
    const handler = handlers[routeRequest(req)];
    if (!handler) {
      res.writeHead(501).end();
      return;
    }
    const ctx = {
      secureTransport: true,
      remoteAddress: req.socket.remoteAddress ?? '',
      requestId: randomUUID(),
      receivedAt: new Date(),
    };
    handler(req, res, ctx).catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
