import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { openObject } from '../../../../src/main/vault/transfers/object-reader';

const awsError = (name: string, status: number) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

/** An S3 whose GET bodies break after `breakAfter` bytes, `breaks` times; it records each GET's Range and If-Match. */
class FlakyS3 {
  readonly gets: Array<{ range?: string; ifMatch?: string }> = [];
  constructor(
    readonly data: Buffer,
    public breaks: number,
    readonly breakAfter: number,
    readonly etag = '"etag-1"',
  ) {}

  async send(command: unknown): Promise<unknown> {
    if (command instanceof ListObjectsV2Command) return { Contents: [] };
    if (!(command instanceof GetObjectCommand)) throw new Error('unexpected command');
    const { Range, IfMatch } = command.input;
    this.gets.push({ range: Range, ifMatch: IfMatch });
    if (IfMatch && IfMatch !== this.etag) throw awsError('PreconditionFailed', 412);
    const start = Range ? Number(/^bytes=(\d+)-$/.exec(Range)![1]) : 0;
    const rest = this.data.subarray(start);
    const breaking = this.breaks > 0;
    if (breaking) this.breaks--;
    const body = new Readable({
      read() {
        if (breaking) {
          this.push(rest.subarray(0, 100));
          this.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
        } else {
          this.push(rest);
          this.push(null);
        }
      },
    });
    return { Body: body, ContentLength: rest.length, ETag: this.etag, Metadata: { 'file-id': 'x' } };
  }
}

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('openObject', () => {
  it('resumes a broken download from the last byte, with If-Match on the ETag', async () => {
    const data = randomBytes(10_000);
    const s3 = new FlakyS3(data, 2, 100);
    const object = await openObject({ s3: s3 as unknown as S3Client, bucket: 'b' }, 'k', 'file.bin', {
      backoff: () => 1,
    });
    expect(object.size).toBe(10_000);
    expect(object.metadata).toEqual({ 'file-id': 'x' });
    expect(await readAll(object.body)).toEqual(data);
    expect(s3.gets).toEqual([
      { range: undefined, ifMatch: undefined },
      { range: 'bytes=100-', ifMatch: '"etag-1"' },
      { range: 'bytes=200-', ifMatch: '"etag-1"' },
    ]);
  });

  it('gives up with NETWORK after too many breaks', async () => {
    const s3 = new FlakyS3(randomBytes(10_000), 100, 100);
    const object = await openObject({ s3: s3 as unknown as S3Client, bucket: 'b' }, 'k', 'file.bin', {
      backoff: () => 1,
    });
    await expect(readAll(object.body)).rejects.toMatchObject({ code: 'NETWORK' });
    expect(s3.gets.length).toBe(6);
  });

  it('fails with CONFLICT when the object was replaced while downloading', async () => {
    const s3 = new FlakyS3(randomBytes(10_000), 1, 100);
    const object = await openObject({ s3: s3 as unknown as S3Client, bucket: 'b' }, 'k', 'file.bin');
    (s3 as { etag: string }).etag = '"etag-2"';
    await expect(readAll(object.body)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('tells a missing file (403 to members, no such key in a listing) from a refused one', async () => {
    const missing = {
      send: async (command: unknown) => {
        if (command instanceof ListObjectsV2Command) return { Contents: [] };
        throw awsError('AccessDenied', 403);
      },
    };
    await expect(
      openObject({ s3: missing as unknown as S3Client, bucket: 'b' }, 'k', 'gone.txt'),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: '“gone.txt” is not in the vault.',
    });
    const refused = {
      send: async (command: unknown) => {
        if (command instanceof ListObjectsV2Command) return { Contents: [{ Key: 'k' }] };
        throw awsError('AccessDenied', 403);
      },
    };
    await expect(
      openObject({ s3: refused as unknown as S3Client, bucket: 'b' }, 'k', 'mine.txt'),
    ).rejects.toMatchObject({
      code: 'ACCESS_DENIED',
      message: expect.stringMatching(/^S3 refused s3:GetObject on “mine\.txt”/),
    });
  });
});
