import { createCipheriv, createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, home, startHarness, type Harness } from './s3-harness';

let h: Harness;
let alice: S3Client;

beforeAll(async () => {
  h = await startHarness();
  alice = h.client(h.alice);
});
afterAll(async () => {
  await h.close();
});

/**
 * `size` pseudo-random bytes from a seeded generator (the AES-128-CTR keystream
 * of a key derived from `seed`: deterministic, and fast enough not to be what
 * the test measures), 1 MiB at a time; the sha256 is computed as the bytes are
 * produced, so the data is never held whole.
 */
function seededStream(size: number, seed: number): { stream: Readable; sha256: () => string } {
  const hash = createHash('sha256');
  const key = createHash('sha256').update(`seed:${seed}`).digest().subarray(0, 16);
  const keystream = createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
  const zeros = Buffer.alloc(1024 * 1024);
  let produced = 0;
  const stream = new Readable({
    read() {
      if (produced >= size) {
        this.push(null);
        return;
      }
      const n = Math.min(zeros.length, size - produced);
      const chunk = keystream.update(zeros.subarray(0, n));
      hash.update(chunk);
      produced += n;
      this.push(chunk);
    },
  });
  return { stream, sha256: () => hash.digest('hex') };
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}

describe('multipart uploads through the SDK', () => {
  it(
    'round-trips 100 MiB through lib-storage Upload with the default checksums, byte for byte',
    { timeout: 120_000 },
    async () => {
      const size = 100 * 1024 * 1024;
      const key = `${home(h.alice)}v1/large.bin`;
      const source = seededStream(size, 20260508);
      let peakRss = 0;
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
      const rssBefore = process.memoryUsage().rss;

      const t0 = performance.now();
      const upload = new Upload({ client: alice, params: { Bucket: h.bucket, Key: key, Body: source.stream } });
      const done = await upload.done();
      const uploadMs = performance.now() - t0;
      expect(done.ETag).toMatch(/^"[0-9a-f]{32}-20"$/);
      // lib-storage asks for CRC32 on CreateMultipartUpload; the object carries a composite CRC32.
      expect(done.ChecksumCRC32).toMatch(/-20$/);
      const creates = h.requests.filter((r) => r.method === 'POST' && r.url.includes('uploads'));
      expect(creates.at(-1)?.headers['x-amz-checksum-algorithm']).toBe('CRC32');
      expect(
        h.requests
          .filter((r) => r.method === 'PUT' && r.url.includes('partNumber='))
          .every((r) => r.headers['x-amz-checksum-crc32'] !== undefined),
      ).toBe(true);

      const t1 = performance.now();
      const get = await alice.send(new GetObjectCommand({ Bucket: h.bucket, Key: key }));
      expect(get.ContentLength).toBe(size);
      const download = createHash('sha256');
      for await (const chunk of get.Body as Readable) download.update(chunk as Buffer);
      const downloadMs = performance.now() - t1;
      clearInterval(sampler);

      expect(download.digest('hex')).toBe(source.sha256());
      const mbps = (ms: number): string => `${(size / 1024 / 1024 / (ms / 1000)).toFixed(0)} MiB/s`;
      console.log(
        `100 MiB round-trip: upload ${uploadMs.toFixed(0)} ms (${mbps(uploadMs)}), download ${downloadMs.toFixed(0)} ms (${mbps(downloadMs)}); ` +
          `peak RSS ${mib(peakRss)} (+${mib(peakRss - rssBefore)} over the start)`,
      );
      // Client, server and both streams share this process: far less than the object, whatever its size.
      expect(peakRss - rssBefore).toBeLessThan(200 * 1024 * 1024);
    },
  );

  it('enforces part rules: EntityTooSmall, InvalidPartOrder, InvalidPart', async () => {
    const key = `${home(h.alice)}v1/rules.bin`;
    const { UploadId } = await alice.send(new CreateMultipartUploadCommand({ Bucket: h.bucket, Key: key }));
    const p1 = await alice.send(
      new UploadPartCommand({ Bucket: h.bucket, Key: key, UploadId, PartNumber: 1, Body: Buffer.alloc(1024, 1) }),
    );
    const p2 = await alice.send(
      new UploadPartCommand({ Bucket: h.bucket, Key: key, UploadId, PartNumber: 2, Body: Buffer.alloc(1024, 2) }),
    );
    const small = await failure(
      alice.send(
        new CompleteMultipartUploadCommand({
          Bucket: h.bucket,
          Key: key,
          UploadId,
          MultipartUpload: {
            Parts: [
              { PartNumber: 1, ETag: p1.ETag },
              { PartNumber: 2, ETag: p2.ETag },
            ],
          },
        }),
      ),
    );
    expect([small.name, small.$metadata.httpStatusCode]).toEqual(['EntityTooSmall', 400]);
    const order = await failure(
      alice.send(
        new CompleteMultipartUploadCommand({
          Bucket: h.bucket,
          Key: key,
          UploadId,
          MultipartUpload: {
            Parts: [
              { PartNumber: 2, ETag: p2.ETag },
              { PartNumber: 1, ETag: p1.ETag },
            ],
          },
        }),
      ),
    );
    expect(order.name).toBe('InvalidPartOrder');
    const wrong = await failure(
      alice.send(
        new CompleteMultipartUploadCommand({
          Bucket: h.bucket,
          Key: key,
          UploadId,
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"00000000000000000000000000000000"' }] },
        }),
      ),
    );
    expect(wrong.name).toBe('InvalidPart');
    // A single small part is a valid (last) part.
    const ok = await alice.send(
      new CompleteMultipartUploadCommand({
        Bucket: h.bucket,
        Key: key,
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag }] },
      }),
    );
    expect(ok.ETag).toMatch(/-1"$/);
    const head = await alice.send(new HeadObjectCommand({ Bucket: h.bucket, Key: key }));
    expect(head.ContentLength).toBe(1024);
  });

  it('lists uploads and parts, aborts, and then says NoSuchUpload', async () => {
    const key = `${home(h.alice)}v1/aborted.bin`;
    const { UploadId } = await alice.send(
      new CreateMultipartUploadCommand({ Bucket: h.bucket, Key: key, ChecksumAlgorithm: 'CRC32C' }),
    );
    await alice.send(
      new UploadPartCommand({
        Bucket: h.bucket,
        Key: key,
        UploadId,
        PartNumber: 1,
        Body: Buffer.alloc(5 * 1024 * 1024, 7),
        ChecksumAlgorithm: 'CRC32C',
      }),
    );
    const parts = await alice.send(new ListPartsCommand({ Bucket: h.bucket, Key: key, UploadId }));
    expect(parts.Parts?.map((p) => [p.PartNumber, p.Size, typeof p.ChecksumCRC32C])).toEqual([
      [1, 5 * 1024 * 1024, 'string'],
    ]);
    expect(parts.ChecksumAlgorithm).toBe('CRC32C');
    const uploads = await alice.send(new ListMultipartUploadsCommand({ Bucket: h.bucket, Prefix: home(h.alice) }));
    expect(uploads.Uploads?.map((u) => u.UploadId)).toContain(UploadId);
    await alice.send(new AbortMultipartUploadCommand({ Bucket: h.bucket, Key: key, UploadId }));
    const gone = await failure(alice.send(new ListPartsCommand({ Bucket: h.bucket, Key: key, UploadId })));
    expect([gone.name, gone.$metadata.httpStatusCode]).toEqual(['NoSuchUpload', 404]);
  });

  it('rejects a part whose checksum algorithm differs from the upload (and a wrong part checksum)', async () => {
    const key = `${home(h.alice)}v1/mismatch.bin`;
    const { UploadId } = await alice.send(
      new CreateMultipartUploadCommand({ Bucket: h.bucket, Key: key, ChecksumAlgorithm: 'SHA256' }),
    );
    const mismatch = await failure(
      alice.send(
        new UploadPartCommand({
          Bucket: h.bucket,
          Key: key,
          UploadId,
          PartNumber: 1,
          Body: 'x',
          ChecksumAlgorithm: 'CRC32',
        }),
      ),
    );
    expect(mismatch.name).toBe('InvalidRequest');
    const bad = await failure(
      alice.send(
        new UploadPartCommand({
          Bucket: h.bucket,
          Key: key,
          UploadId,
          PartNumber: 1,
          Body: 'x',
          ChecksumSHA256: createHash('sha256').update('y').digest('base64'),
        }),
      ),
    );
    expect(bad.name).toBe('BadDigest');
    await alice.send(new AbortMultipartUploadCommand({ Bucket: h.bucket, Key: key, UploadId }));
  });

  it('completes with a full-object CRC64NVME checksum and copies parts from another object', async () => {
    const srcKey = `${home(h.alice)}v1/part-source.bin`;
    const src = Buffer.alloc(6 * 1024 * 1024);
    for (let i = 0; i < src.length; i++) src[i] = (i * 13) & 0xff;
    await alice.send(new PutObjectCommand({ Bucket: h.bucket, Key: srcKey, Body: src }));
    const key = `${home(h.alice)}v1/full-object.bin`;
    const { UploadId, ChecksumType } = await alice.send(
      new CreateMultipartUploadCommand({ Bucket: h.bucket, Key: key, ChecksumAlgorithm: 'CRC64NVME' }),
    );
    expect(ChecksumType).toBe('FULL_OBJECT');
    const p1 = await alice.send(
      new UploadPartCopyCommand({
        Bucket: h.bucket,
        Key: key,
        UploadId,
        PartNumber: 1,
        CopySource: `${h.bucket}/${encodeURIComponent(srcKey)}`,
        CopySourceRange: `bytes=0-${5 * 1024 * 1024 - 1}`,
      }),
    );
    const tail = src.subarray(5 * 1024 * 1024);
    const p2 = await alice.send(
      new UploadPartCommand({
        Bucket: h.bucket,
        Key: key,
        UploadId,
        PartNumber: 2,
        Body: tail,
        ChecksumAlgorithm: 'CRC64NVME',
      }),
    );
    const done = await alice.send(
      new CompleteMultipartUploadCommand({
        Bucket: h.bucket,
        Key: key,
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: p1.CopyPartResult?.ETag },
            { PartNumber: 2, ETag: p2.ETag, ChecksumCRC64NVME: p2.ChecksumCRC64NVME },
          ],
        },
      }),
    );
    expect(done.ChecksumType).toBe('FULL_OBJECT');
    // A full-object checksum is validated by the SDK on download.
    const get = await alice.send(new GetObjectCommand({ Bucket: h.bucket, Key: key, ChecksumMode: 'ENABLED' }));
    expect(get.ChecksumCRC64NVME).toBe(done.ChecksumCRC64NVME);
    expect(Buffer.from(await get.Body!.transformToByteArray()).equals(src)).toBe(true);
  });
});
