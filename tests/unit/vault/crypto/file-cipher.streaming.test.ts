import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { PassThrough, Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createFileCipher, type FileContext } from '../../../../src/main/vault/crypto/file-cipher';
import { VaultError } from '../../../../src/main/vault/errors';
import { chunks, encryptFile, owner, rawKeyring } from './support';

const MIB = 1024 * 1024;
const cipher = createFileCipher({ keyring: rawKeyring() });

/** `total` bytes of random-looking data in 64 KiB chunks, made as they are read. */
function generated(total: number, hash: ReturnType<typeof createHash>): Readable {
  const block = randomBytes(64 * 1024);
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= total) return void this.push(null);
      // A fresh buffer per chunk, varied, so nothing is shared or trivially repeated.
      const chunk = Buffer.from(block);
      chunk.writeUInt32BE(sent / chunk.length, 0);
      sent += chunk.length;
      hash.update(chunk);
      this.push(chunk);
    },
  });
}

describe('file cipher: streaming', () => {
  /** Streams `total` bytes through encrypt then decrypt; returns the peak RSS growth. */
  async function roundTrip(total: number): Promise<number> {
    const sourceHash = createHash('sha256');
    const sinkHash = createHash('sha256');
    let received = 0;
    const before = process.memoryUsage().rss;
    let peak = before;
    // The file id exists as soon as the data key does, before any plaintext is written.
    const encrypt = cipher.encryptStream(owner, total);
    const file = await encrypt.fileId;
    await pipeline(
      generated(total, sourceHash),
      encrypt,
      cipher.decryptStream({ ...owner, file }),
      new Writable({
        write(chunk: Buffer, _encoding, callback) {
          sinkHash.update(chunk);
          received += chunk.length;
          peak = Math.max(peak, process.memoryUsage().rss);
          callback();
        },
      }),
    );
    expect(received).toBe(total);
    expect(sinkHash.digest('hex')).toBe(sourceHash.digest('hex'));
    return peak - before;
  }

  it('streams 50 MiB through encrypt and decrypt with bounded memory', async () => {
    // A first pass grows the heap and the allocator's pools once (≈ 45 MB
    // here, whatever the size); what follows must not grow with the data
    // (measured: 12-14 MB for 50, 200 and 400 MiB).
    await roundTrip(16 * MIB);
    const growth = await roundTrip(50 * MIB);
    expect(growth).toBeLessThan(25 * MIB);
  });

  // The 2026 Encryption SDK fix (aws-encryption-sdk-javascript #1670/#1672): the
  // decrypt stream's plaintext had two consumers inside the SDK, and frames
  // could go to the discarded one, truncating the plaintext silently.
  describe('no silent truncation, however the plaintext is consumed', () => {
    const frameLength = 4096;
    const small = createFileCipher({ keyring: rawKeyring(), frameLength });
    const plaintext = randomBytes(300 * frameLength + 77);
    const digest = createHash('sha256').update(plaintext).digest('hex');
    const sha = (parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest('hex');
    let message: Buffer;
    let context: FileContext;
    const messageReady = encryptFile(small, plaintext).then((encrypted) => ({ message, context } = encrypted));

    it('pins an Encryption SDK with the single-consumer decrypt stream', () => {
      const require = createRequire(import.meta.url);
      const clientDir = require.resolve('@aws-crypto/client-node');
      const { version } = require(require.resolve('@aws-crypto/decrypt-node/package.json', { paths: [clientDir] })) as {
        version: string;
      };
      const [major, minor, patch] = version.split('.').map(Number) as [number, number, number];
      expect(major * 1e6 + minor * 1e3 + patch).toBeGreaterThanOrEqual(5_000_002);
    });

    it('with two consumers at once (a data listener and a pipe)', async () => {
      await messageReady;
      const stream = small.decryptStream(context);
      const viaData: Buffer[] = [];
      const viaPipe: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => viaData.push(chunk));
      const piped = pipeline(
        stream,
        new Writable({
          highWaterMark: 1024,
          write(chunk: Buffer, _encoding, callback) {
            viaPipe.push(chunk);
            setImmediate(callback); // slow: backpressure all the way up
          },
        }),
      );
      Readable.from(chunks(message, 1000)).pipe(stream);
      await piped;
      expect(sha(viaData)).toBe(digest);
      expect(sha(viaPipe)).toBe(digest);
    });

    it('with a slow async iterator', async () => {
      await messageReady;
      const stream = small.decryptStream(context);
      Readable.from(chunks(message, 5000)).pipe(stream);
      const parts: Buffer[] = [];
      for await (const chunk of stream) {
        parts.push(chunk as Buffer);
        if (parts.length % 7 === 0) await sleep(1);
      }
      expect(sha(parts)).toBe(digest);
    });

    it('in paused mode with read()', async () => {
      await messageReady;
      const stream = small.decryptStream(context);
      const parts: Buffer[] = [];
      const ended = new Promise<void>((resolve, reject) => {
        stream.on('readable', () => {
          let chunk: Buffer | null;
          while ((chunk = stream.read() as Buffer | null) !== null) parts.push(chunk);
        });
        stream.on('end', resolve).on('error', reject);
      });
      stream.end(message);
      await ended;
      expect(sha(parts)).toBe(digest);
    });
  });
});

describe('file cipher: cancelling', () => {
  // The SDK's encrypt stream throws "Premature close" as an uncaught exception
  // when destroyed mid-way; the cipher must never let that happen.
  async function expectNoUncaught(action: () => Promise<void>): Promise<void> {
    const uncaught: unknown[] = [];
    const listener = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', listener);
    try {
      await action();
      await sleep(100);
    } finally {
      process.off('uncaughtException', listener);
    }
    expect(uncaught).toEqual([]);
  }

  it('destroys an encryption mid-way without crashing the process', async () => {
    await expectNoUncaught(async () => {
      const stream = cipher.encryptStream(owner);
      stream.on('data', () => {});
      stream.write(randomBytes(3 * MIB));
      await sleep(20);
      stream.destroy();
    });
  });

  it('destroys an encryption before its data key exists, or with nothing read', async () => {
    await expectNoUncaught(async () => {
      cipher.encryptStream(owner).destroy();
      const unread = cipher.encryptStream(owner);
      unread.write(randomBytes(1000));
      await sleep(20);
      unread.destroy(new VaultError('CANCELLED', 'The upload was cancelled.'));
      unread.on('error', () => {});
    });
  });

  it('destroys a decryption mid-way without crashing the process', async () => {
    const { message, context } = await encryptFile(cipher, randomBytes(2 * MIB));
    await expectNoUncaught(async () => {
      const stream = cipher.decryptStream(context);
      stream.pipe(new PassThrough()).resume();
      stream.write(message.subarray(0, MIB));
      await sleep(20);
      stream.destroy();
    });
  });

  it('reports a cancelled pipeline as the error it was cancelled with', async () => {
    const controller = new AbortController();
    const source = new Readable({ read() {} });
    source.push(randomBytes(MIB));
    const done = pipeline(source, cipher.encryptStream(owner), new PassThrough().resume(), {
      signal: controller.signal,
    });
    await sleep(10);
    controller.abort();
    await expect(done).rejects.toThrow(/abort/i);
  });
});
