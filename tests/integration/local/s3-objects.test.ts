import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  PutBucketVersioningCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, home, startHarness, type Harness } from './s3-harness';

let h: Harness;
let admin: S3Client;
let alice: S3Client;
let bob: S3Client;

beforeAll(async () => {
  h = await startHarness();
  admin = h.client(h.admin);
  alice = h.client(h.alice);
  bob = h.client(h.bob);
});
afterAll(async () => {
  await h.close();
});

const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

describe('S3 objects through the SDK', () => {
  it('puts, heads, gets (with metadata and checksum), and deletes an object', async () => {
    const key = `${home(h.alice)}v1/hello.txt`;
    const body = Buffer.from('hello, local vault');
    const put = await alice.send(
      new PutObjectCommand({
        Bucket: h.bucket,
        Key: key,
        Body: body,
        ContentType: 'text/plain',
        Metadata: { owner: 'alice' },
      }),
    );
    expect(put.ETag).toBe(`"${createHash('md5').update(body).digest('hex')}"`);
    // The SDK's default checksum (CRC32) is stored and returned; default encryption is reported.
    expect(put.ChecksumCRC32).toBeDefined();
    expect(put.ServerSideEncryption).toBe('aws:kms');
    expect(put.SSEKMSKeyId).toBe(h.model.key.arn);
    expect(put.BucketKeyEnabled).toBe(true);
    expect(put.VersionId).toBeDefined();

    const head = await alice.send(new HeadObjectCommand({ Bucket: h.bucket, Key: key }));
    expect([head.ContentLength, head.ContentType, head.Metadata?.owner, head.ETag]).toEqual([
      body.length,
      'text/plain',
      'alice',
      put.ETag,
    ]);

    const get = await alice.send(new GetObjectCommand({ Bucket: h.bucket, Key: key }));
    expect(Buffer.from(await get.Body!.transformToByteArray())).toEqual(body);
    expect(get.ChecksumCRC32).toBe(put.ChecksumCRC32);
    expect(get.LastModified).toBeInstanceOf(Date);

    await alice.send(new DeleteObjectCommand({ Bucket: h.bucket, Key: key }));
    // A member may not list without a prefix, so a missing key is 403 for them (as in AWS); 404 for the admin.
    expect((await failure(alice.send(new GetObjectCommand({ Bucket: h.bucket, Key: key })))).name).toBe('AccessDenied');
    const missing = await failure(admin.send(new GetObjectCommand({ Bucket: h.bucket, Key: key })));
    expect([missing.name, missing.$metadata.httpStatusCode]).toEqual(['NoSuchKey', 404]);
    const headMissing = await failure(admin.send(new HeadObjectCommand({ Bucket: h.bucket, Key: key })));
    expect([headMissing.name, headMissing.$metadata.httpStatusCode]).toEqual(['NotFound', 404]);
  });

  it('streams a PutObject body as aws-chunked with a trailing CRC32 (SDK default) and verifies it', async () => {
    const key = `${home(h.alice)}v1/streamed.bin`;
    const data = Buffer.alloc(3 * 1024 * 1024 + 123);
    for (let i = 0; i < data.length; i++) data[i] = (i * 31 + 7) & 0xff;
    const put = await alice.send(
      new PutObjectCommand({
        Bucket: h.bucket,
        Key: key,
        Body: Readable.from([data.subarray(0, 1_000_000), data.subarray(1_000_000)]),
        ContentLength: data.length,
      }),
    );
    expect(put.ChecksumCRC32).toBeDefined();
    const sent = h.requests.filter((r) => r.method === 'PUT' && r.url.includes('streamed.bin')).at(-1)!;
    expect(sent.headers).toMatchObject({
      'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      'content-encoding': 'aws-chunked',
      'x-amz-trailer': 'x-amz-checksum-crc32',
    });
    const get = await alice.send(new GetObjectCommand({ Bucket: h.bucket, Key: key }));
    expect(get.ContentEncoding).toBeUndefined();
    expect(get.ChecksumCRC32).toBe(put.ChecksumCRC32);
    expect(sha(Buffer.from(await get.Body!.transformToByteArray()))).toBe(sha(data));
  });

  it('serves byte ranges and refuses unsatisfiable ones with 416 InvalidRange', async () => {
    const key = `${home(h.alice)}v1/range.txt`;
    await alice.send(new PutObjectCommand({ Bucket: h.bucket, Key: key, Body: '0123456789' }));
    const part = await alice.send(new GetObjectCommand({ Bucket: h.bucket, Key: key, Range: 'bytes=2-5' }));
    expect([await part.Body!.transformToString(), part.ContentRange, part.$metadata.httpStatusCode]).toEqual([
      '2345',
      'bytes 2-5/10',
      206,
    ]);
    const suffix = await alice.send(new GetObjectCommand({ Bucket: h.bucket, Key: key, Range: 'bytes=-3' }));
    expect(await suffix.Body!.transformToString()).toBe('789');
    const bad = await failure(alice.send(new GetObjectCommand({ Bucket: h.bucket, Key: key, Range: 'bytes=10-' })));
    expect([bad.name, bad.$metadata.httpStatusCode]).toEqual(['InvalidRange', 416]);
  });

  it('answers If-None-Match / If-Match on reads with 304 / 412', async () => {
    const key = `${home(h.alice)}v1/cond-read.txt`;
    const put = await alice.send(new PutObjectCommand({ Bucket: h.bucket, Key: key, Body: 'x' }));
    const notModified = await failure(
      alice.send(new GetObjectCommand({ Bucket: h.bucket, Key: key, IfNoneMatch: put.ETag })),
    );
    expect(notModified.$metadata.httpStatusCode).toBe(304);
    const failed = await failure(alice.send(new GetObjectCommand({ Bucket: h.bucket, Key: key, IfMatch: '"0000"' })));
    expect([failed.name, failed.$metadata.httpStatusCode]).toEqual(['PreconditionFailed', 412]);
  });

  it('creates with If-None-Match: * only once (412 PreconditionFailed the second time)', async () => {
    const key = `${home(h.alice)}name-key`;
    await alice.send(new PutObjectCommand({ Bucket: h.bucket, Key: key, Body: 'first', IfNoneMatch: '*' }));
    const second = await failure(
      alice.send(new PutObjectCommand({ Bucket: h.bucket, Key: key, Body: 'second', IfNoneMatch: '*' })),
    );
    expect([second.name, second.$metadata.httpStatusCode]).toEqual(['PreconditionFailed', 412]);
    const get = await alice.send(new GetObjectCommand({ Bucket: h.bucket, Key: key }));
    expect(await get.Body!.transformToString()).toBe('first');
  });

  it('lets exactly one of many racing conditional creates win', async () => {
    const key = `${home(h.alice)}race-key`;
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        alice.send(new PutObjectCommand({ Bucket: h.bucket, Key: key, Body: `device ${i}`, IfNoneMatch: '*' })),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('honours If-Match on writes (replace only the version you read)', async () => {
    const key = `${home(h.alice)}v1/if-match.txt`;
    const first = await alice.send(new PutObjectCommand({ Bucket: h.bucket, Key: key, Body: 'v1' }));
    await alice.send(new PutObjectCommand({ Bucket: h.bucket, Key: key, Body: 'v2', IfMatch: first.ETag }));
    const stale = await failure(
      alice.send(new PutObjectCommand({ Bucket: h.bucket, Key: key, Body: 'v3', IfMatch: first.ETag })),
    );
    expect(stale.$metadata.httpStatusCode).toBe(412);
  });

  it('refuses a body that does not match Content-MD5 (BadDigest)', async () => {
    const error = await failure(
      alice.send(
        new PutObjectCommand({
          Bucket: h.bucket,
          Key: `${home(h.alice)}v1/md5.txt`,
          Body: 'abc',
          ContentMD5: createHash('md5').update('abd').digest('base64'),
        }),
      ),
    );
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(['BadDigest', 400]);
  });

  it('copies objects (metadata COPY and REPLACE) and refuses a no-op self copy', async () => {
    const src = `${home(h.alice)}v1/copy-src.txt`;
    const put = await alice.send(
      new PutObjectCommand({
        Bucket: h.bucket,
        Key: src,
        Body: 'copy me',
        ContentType: 'text/x-src',
        Metadata: { a: '1' },
      }),
    );
    const dst = `${home(h.alice)}v1/copy-dst.txt`;
    const copy = await alice.send(
      new CopyObjectCommand({ Bucket: h.bucket, Key: dst, CopySource: `${h.bucket}/${encodeURIComponent(src)}` }),
    );
    expect(copy.CopyObjectResult?.ETag).toBe(put.ETag);
    const head = await alice.send(new HeadObjectCommand({ Bucket: h.bucket, Key: dst }));
    expect([head.ContentType, head.Metadata?.a]).toEqual(['text/x-src', '1']);
    await alice.send(
      new CopyObjectCommand({
        Bucket: h.bucket,
        Key: dst,
        CopySource: `${h.bucket}/${encodeURIComponent(src)}`,
        MetadataDirective: 'REPLACE',
        ContentType: 'text/x-new',
        Metadata: { b: '2' },
      }),
    );
    const replaced = await alice.send(new HeadObjectCommand({ Bucket: h.bucket, Key: dst }));
    expect([replaced.ContentType, replaced.Metadata]).toEqual(['text/x-new', { b: '2' }]);
    const self = await failure(
      alice.send(
        new CopyObjectCommand({ Bucket: h.bucket, Key: src, CopySource: `${h.bucket}/${encodeURIComponent(src)}` }),
      ),
    );
    expect(self.name).toBe('InvalidRequest');
    // Copying another member's file is reading it: denied.
    const theft = await failure(
      bob.send(
        new CopyObjectCommand({
          Bucket: h.bucket,
          Key: `${home(h.bob)}stolen`,
          CopySource: `${h.bucket}/${encodeURIComponent(src)}`,
        }),
      ),
    );
    expect(theft.name).toBe('AccessDenied');
  });

  it('lists with ListObjectsV2: prefix, delimiter, CommonPrefixes, pagination, start-after, url encoding', async () => {
    const base = `${home(h.bob)}v1/list/`;
    const names = ['a.txt', 'b c.txt', 'dir1/x', 'dir1/y', 'dir2/z', 'e+f.txt', 'é.txt'];
    for (const n of names) await bob.send(new PutObjectCommand({ Bucket: h.bucket, Key: base + n, Body: n }));

    const top = await bob.send(new ListObjectsV2Command({ Bucket: h.bucket, Prefix: base, Delimiter: '/' }));
    expect(top.Contents?.map((c) => c.Key!.slice(base.length))).toEqual(['a.txt', 'b c.txt', 'e+f.txt', 'é.txt']);
    expect(top.CommonPrefixes?.map((p) => p.Prefix!.slice(base.length))).toEqual(['dir1/', 'dir2/']);
    expect(top.KeyCount).toBe(6);

    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await bob.send(
        new ListObjectsV2Command({
          Bucket: h.bucket,
          Prefix: base,
          Delimiter: '/',
          MaxKeys: 2,
          ContinuationToken: token,
        }),
      );
      pages++;
      seen.push(
        ...(page.Contents ?? []).map((c) => c.Key!.slice(base.length)),
        ...(page.CommonPrefixes ?? []).map((p) => p.Prefix!.slice(base.length)),
      );
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(['a.txt', 'b c.txt', 'dir1/', 'dir2/', 'e+f.txt', 'é.txt'].sort());

    const after = await bob.send(
      new ListObjectsV2Command({ Bucket: h.bucket, Prefix: base, StartAfter: `${base}dir1/x` }),
    );
    expect(after.Contents?.map((c) => c.Key!.slice(base.length))).toEqual(['dir1/y', 'dir2/z', 'e+f.txt', 'é.txt']);

    const encoded = await bob.send(
      new ListObjectsV2Command({ Bucket: h.bucket, Prefix: base, EncodingType: 'url', FetchOwner: true }),
    );
    expect(encoded.Contents?.some((c) => c.Key === `${base}b+c.txt`.replace(/:/g, '%3A'))).toBe(true);
    expect(encoded.Contents?.[0]?.Owner?.ID).toMatch(/^[0-9a-f]{64}$/);

    const v1 = await bob.send(new ListObjectsCommand({ Bucket: h.bucket, Prefix: base, Delimiter: '/', MaxKeys: 3 }));
    expect([v1.IsTruncated, v1.NextMarker]).toEqual([true, `${base}dir1/`]);
  });

  it("keeps one member's files from another: listing, reading, overwriting", async () => {
    const key = `${home(h.alice)}v1/secret.bin`;
    await alice.send(new PutObjectCommand({ Bucket: h.bucket, Key: key, Body: 'alice only' }));
    expect((await failure(bob.send(new GetObjectCommand({ Bucket: h.bucket, Key: key })))).name).toBe('AccessDenied');
    expect((await failure(bob.send(new PutObjectCommand({ Bucket: h.bucket, Key: key, Body: 'x' })))).name).toBe(
      'AccessDenied',
    );
    expect((await failure(bob.send(new ListObjectsV2Command({ Bucket: h.bucket, Prefix: home(h.alice) })))).name).toBe(
      'AccessDenied',
    );
    expect((await failure(bob.send(new ListObjectsV2Command({ Bucket: h.bucket })))).name).toBe('AccessDenied');
    expect(
      (
        await failure(
          h.client(h.outsider).send(new PutObjectCommand({ Bucket: h.bucket, Key: `${home(h.outsider)}x`, Body: 'x' })),
        )
      ).name,
    ).toBe('AccessDenied');
  });

  it('deletes many objects at once (DeleteObjects) with per-key authorization', async () => {
    const keys = [1, 2, 3].map((i) => `${home(h.alice)}v1/batch-${i}`);
    for (const k of keys) await alice.send(new PutObjectCommand({ Bucket: h.bucket, Key: k, Body: k }));
    const result = await alice.send(
      new DeleteObjectsCommand({
        Bucket: h.bucket,
        Delete: { Objects: [...keys, `${home(h.bob)}not-mine`].map((Key) => ({ Key })) },
      }),
    );
    expect(result.Deleted?.map((d) => d.Key).sort()).toEqual(keys.sort());
    expect(result.Errors?.map((e) => [e.Key, e.Code])).toEqual([[`${home(h.bob)}not-mine`, 'AccessDenied']]);
    const left = await alice.send(new ListObjectsV2Command({ Bucket: h.bucket, Prefix: `${home(h.alice)}v1/batch-` }));
    expect(left.KeyCount).toBe(0);
  });

  it('answers the bucket facts the status panel reads', async () => {
    expect((await alice.send(new GetBucketVersioningCommand({ Bucket: h.bucket }))).Status).toBe('Enabled');
    const enc = await alice.send(new GetBucketEncryptionCommand({ Bucket: h.bucket }));
    expect(enc.ServerSideEncryptionConfiguration?.Rules?.[0]).toMatchObject({
      ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: h.model.key.arn },
      BucketKeyEnabled: true,
    });
    const pab = await alice.send(new GetPublicAccessBlockCommand({ Bucket: h.bucket }));
    expect(pab.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    const lifecycle = await alice.send(new GetBucketLifecycleConfigurationCommand({ Bucket: h.bucket }));
    expect(
      lifecycle.Rules?.find((r) => r.AbortIncompleteMultipartUpload)?.AbortIncompleteMultipartUpload
        ?.DaysAfterInitiation,
    ).toBe(1);
    const logging = await alice.send(new GetBucketLoggingCommand({ Bucket: h.bucket }));
    expect(logging.LoggingEnabled).toEqual({ TargetBucket: h.logBucket, TargetPrefix: 'access-logs/' });
    expect((await alice.send(new GetBucketLocationCommand({ Bucket: h.bucket }))).LocationConstraint).toBeUndefined();
    // Policies are for admins; members get 403.
    expect((await failure(alice.send(new GetBucketPolicyCommand({ Bucket: h.bucket })))).name).toBe('AccessDenied');
    expect(
      JSON.parse((await admin.send(new GetBucketPolicyCommand({ Bucket: h.bucket }))).Policy!).Statement[0].Sid,
    ).toBe('DenyInsecureTransport');
    await admin.send(new HeadBucketCommand({ Bucket: h.bucket }));
    const buckets = await admin.send(new ListBucketsCommand({}));
    expect(buckets.Buckets?.map((b) => b.Name).sort()).toEqual([h.bucket, h.logBucket].sort());
  });

  it('changes versioning with admin keys only, and keeps the change across a restart', async () => {
    const denied = await failure(
      alice.send(
        new PutBucketVersioningCommand({ Bucket: h.logBucket, VersioningConfiguration: { Status: 'Enabled' } }),
      ),
    );
    expect(denied.name).toBe('AccessDenied');
    await admin.send(
      new PutBucketVersioningCommand({ Bucket: h.logBucket, VersioningConfiguration: { Status: 'Suspended' } }),
    );
    await h.restart();
    expect((await admin.send(new GetBucketVersioningCommand({ Bucket: h.logBucket }))).Status).toBe('Suspended');
    // Objects survive the restart too.
    const list = await alice.send(new ListObjectsV2Command({ Bucket: h.bucket, Prefix: home(h.alice) }));
    expect(list.KeyCount).toBeGreaterThan(0);
  });

  it('answers unknown buckets with NoSuchBucket', async () => {
    const error = await failure(admin.send(new ListObjectsV2Command({ Bucket: 'no-such-bucket-here' })));
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(['NoSuchBucket', 404]);
  });
});
