import { createCipheriv, createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { home, startHarness, type Harness } from './s3-harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

/** Deterministic pseudo-random bytes (AES-CTR keystream), hashed as produced, never held whole. */
function keystream(size: number): { stream: Readable; sha256: () => string } {
  const hash = createHash('sha256');
  const cipher = createCipheriv('aes-128-ctr', Buffer.alloc(16, 9), Buffer.alloc(16));
  const zeros = Buffer.alloc(1024 * 1024);
  let produced = 0;
  const stream = new Readable({
    read() {
      if (produced >= size) return void this.push(null);
      const chunk = cipher.update(zeros.subarray(0, Math.min(zeros.length, size - produced)));
      produced += chunk.length;
      hash.update(chunk);
      this.push(chunk);
    },
  });
  return { stream, sha256: () => hash.digest('hex') };
}

describe('a 1 GiB object', () => {
  it('streams up (aws-chunked, trailing CRC32) and down without being buffered', { timeout: 120_000 }, async () => {
    const size = 1024 * 1024 * 1024;
    const key = `${home(h.alice)}v1/one-gib.bin`;
    const alice = h.client(h.alice);
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    try {
      const source = keystream(size);
      const t0 = performance.now();
      const put = await alice.send(
        new PutObjectCommand({ Bucket: h.bucket, Key: key, Body: source.stream, ContentLength: size }),
      );
      const upMs = performance.now() - t0;
      expect(put.ChecksumCRC32).toBeDefined();

      const t1 = performance.now();
      const get = await alice.send(new GetObjectCommand({ Bucket: h.bucket, Key: key }));
      const hash = createHash('sha256');
      for await (const chunk of get.Body as Readable) hash.update(chunk as Buffer);
      const downMs = performance.now() - t1;
      expect(hash.digest('hex')).toBe(source.sha256());
      console.log(
        `1 GiB: PutObject stream ${upMs.toFixed(0)} ms (${(1024 / (upMs / 1000)).toFixed(0)} MiB/s), GetObject ${downMs.toFixed(0)} ms (${(1024 / (downMs / 1000)).toFixed(0)} MiB/s); ` +
          `peak RSS +${((peak - before) / 1024 / 1024).toFixed(0)} MiB`,
      );
    } finally {
      clearInterval(sampler);
    }
    // Client and server share this process; a buffered object would add a whole GiB.
    expect(peak - before).toBeLessThan(256 * 1024 * 1024);
  });
});
