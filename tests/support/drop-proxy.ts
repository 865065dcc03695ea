/**
 * A TCP proxy on loopback that forwards to a target port and, once, drops a
 * connection in the middle: after `dropAfterBytes` bytes have gone from
 * clients to the target (uploads), or from the target to clients (downloads).
 * It stands for a flaky network between the app and S3.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface DropProxy {
  url: string;
  /** Connections dropped so far. */
  readonly drops: number;
  /** Drops the next connection once `bytes` more bytes have flowed in `direction`. */
  arm(direction: 'up' | 'down', bytes: number): void;
  close(): Promise<void>;
}

export async function startDropProxy(targetPort: number): Promise<DropProxy> {
  let armed: { direction: 'up' | 'down'; remaining: number } | undefined;
  let drops = 0;
  const sockets = new Set<net.Socket>();

  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    const drop = () => {
      drops++;
      armed = undefined;
      // A reset, as when a network path breaks, not a polite end.
      client.resetAndDestroy();
      upstream.resetAndDestroy();
    };
    const relay = (from: net.Socket, to: net.Socket, direction: 'up' | 'down') => {
      from.on('data', (chunk: Buffer) => {
        if (armed?.direction === direction) {
          armed.remaining -= chunk.length;
          if (armed.remaining <= 0) return drop();
        }
        if (!to.write(chunk)) {
          from.pause();
          to.once('drain', () => from.resume());
        }
      });
      from.on('end', () => to.end());
      from.on('error', () => to.destroy());
      from.on('close', () => {
        sockets.delete(from);
        to.destroy();
      });
    };
    relay(client, upstream, 'up');
    relay(upstream, client, 'down');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get drops() {
      return drops;
    },
    arm(direction, bytes) {
      armed = { direction, remaining: bytes };
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
