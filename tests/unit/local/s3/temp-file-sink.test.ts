import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { TempFileSink } from '../../../../src/local/s3/temp-file-sink';

const dir = mkdtempSync(path.join(tmpdir(), 's3vault-sink-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
const fresh = (): string => path.join(dir, `t${(counter += 1)}`);

function chunksOf(total: number, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let offset = 0; offset < total; offset += size) {
    const chunk = Buffer.alloc(Math.min(size, total - offset));
    for (let i = 0; i < chunk.length; i += 1) chunk[i] = (offset + i) % 251;
    out.push(chunk);
  }
  return out;
}

describe('TempFileSink', () => {
  it('writes a small body whole, an empty body as an empty file, with mode 0600', async () => {
    for (const total of [0, 1, 16 * 1024, 1000]) {
      const file = fresh();
      const chunks = chunksOf(total, 300);
      await pipeline(Readable.from(chunks), new TempFileSink(file, 4096));
      expect(readFileSync(file)).toEqual(Buffer.concat([Buffer.alloc(0), ...chunks]));
      if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    }
  });

  it('streams a body larger than its buffer to the file, in order', async () => {
    for (const [total, size] of [
      [4097, 1000],
      [50_000, 4096],
      [50_000, 7000],
      [9000, 9000],
    ] as const) {
      const file = fresh();
      const chunks = chunksOf(total, size);
      await pipeline(Readable.from(chunks), new TempFileSink(file, 4096));
      expect(readFileSync(file)).toEqual(Buffer.concat(chunks));
    }
  });

  it('fails with the upstream error, leaving at most a closed partial file', async () => {
    for (const failAfter of [1, 10]) {
      const file = fresh();
      let seen = 0;
      const failing = new Transform({
        transform(chunk: Buffer, _e, callback) {
          seen += 1;
          if (seen > failAfter) callback(new Error('bad digest'));
          else callback(null, chunk);
        },
      });
      await expect(
        pipeline(Readable.from(chunksOf(100_000, 1000)), failing, new TempFileSink(file, 4096)),
      ).rejects.toThrow('bad digest');
      if (existsSync(file)) rmSync(file);
    }
  });

  it('removes a file it created after it was destroyed (its owner may have cleaned up already)', async () => {
    for (const total of [100, 10_000]) {
      const file = fresh();
      const sink = new TempFileSink(file, 4096);
      // Large: the file is opened by this write; small: by end(). Destroyed before either lands.
      sink.write(Buffer.alloc(total));
      if (total < 4096) sink.end();
      sink.destroy(new Error('the request failed'));
      sink.on('error', () => {});
      await new Promise((resolve) => sink.once('close', resolve));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(existsSync(file), `${total} bytes`).toBe(false);
    }
  });

  it('reports a file it cannot create', async () => {
    const file = path.join(dir, 'missing-folder', 'x');
    await expect(pipeline(Readable.from([Buffer.from('abc')]), new TempFileSink(file))).rejects.toMatchObject({
      code: 'ENOENT',
    });
    await expect(pipeline(Readable.from(chunksOf(10_000, 1000)), new TempFileSink(file, 4096))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});
