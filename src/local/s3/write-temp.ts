/**
 * Writing bytes already on disk (object copies, multipart assembly) into a
 * temporary file while computing the hashes the new object needs.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createHasher, type ChecksumAlgorithm, type Hasher } from '../sigv4';
import type { ObjectStore } from './store';

export interface WrittenTemp {
  tempFile: string;
  size: number;
  /** '' when not asked for. */
  md5Hex: string;
  checksums: Partial<Record<ChecksumAlgorithm, string>>;
}

/** A source: a whole file by path, or a byte range of an open file. */
export type Source = { path: string } | { handle: FileHandle; start: number; end: number };

class HashingPass extends Transform {
  size = 0;
  private readonly md5 = createHash('md5');
  private readonly hashers: Array<[ChecksumAlgorithm, Hasher]>;

  constructor(
    algorithms: ChecksumAlgorithm[],
    private readonly withMd5: boolean,
  ) {
    super();
    this.hashers = [...new Set(algorithms)].map((a) => [a, createHasher(a)]);
  }

  override _transform(chunk: Buffer, _e: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    if (this.withMd5) this.md5.update(chunk);
    for (const [, h] of this.hashers) h.update(chunk);
    callback(null, chunk);
  }

  results(): { md5Hex: string; checksums: Partial<Record<ChecksumAlgorithm, string>> } {
    const checksums: Partial<Record<ChecksumAlgorithm, string>> = {};
    for (const [a, h] of this.hashers) checksums[a] = h.digest().toString('base64');
    return { md5Hex: this.withMd5 ? this.md5.digest('hex') : '', checksums };
  }
}

async function* readAll(sources: Source[]): AsyncGenerator<Buffer> {
  for (const source of sources) {
    const stream =
      'path' in source
        ? createReadStream(source.path, { highWaterMark: 1024 * 1024 })
        : source.handle.createReadStream({
            start: source.start,
            end: source.end,
            highWaterMark: 1024 * 1024,
            autoClose: false,
          });
    for await (const chunk of stream) yield chunk as Buffer;
  }
}

/** Concatenates `sources` into a new temporary file of `store`, hashing on the way. */
export async function writeTemp(
  store: ObjectStore,
  sources: Source[],
  algorithms: ChecksumAlgorithm[],
  withMd5 = true,
): Promise<WrittenTemp> {
  const tempFile = store.tempFile();
  const pass = new HashingPass(algorithms, withMd5);
  try {
    await pipeline(Readable.from(readAll(sources)), pass, createWriteStream(tempFile, { mode: 0o600 }));
  } catch (error) {
    await store.discard(tempFile);
    throw error;
  }
  return { tempFile, size: pass.size, ...pass.results() };
}
