/**
 * The direct object requests (direct-objects.ts) against the local backend,
 * with a signed-in member's credentials: they are real S3 requests (the SDK
 * reads what they write, and the other way round), they fail as the SDK's
 * calls fail (same error names and statuses, so s3ErrorToVaultError maps them
 * alike), and they retry, cancel and correct a skewed clock as documented.
 */
import { createHash, randomBytes } from 'node:crypto';
import { getEventListeners } from 'node:events';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { AwsCredentialIdentity } from '@smithy/types';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLocalBackend, type LocalBackend } from '../../../src/local/server';
import { createDirectObjects, type DirectObjects } from '../../../src/main/vault/s3/direct-objects';
import { createS3Client, S3_MAX_ATTEMPTS } from '../../../src/main/vault/s3/s3-client';
import { s3ErrorToVaultError } from '../../../src/main/vault/s3/s3-errors';
import type { VaultSession } from '../../../src/main/vault/session';
import { startDropProxy } from '../../support/drop-proxy';
import { startRecordingProxy, type RecordingProxy } from '../../support/recording-proxy';
import { signInTestSession } from '../../support/test-session';
import { home as harnessHome, startHarness, type Harness } from '../local/s3-harness';
import { ALICE, BOB, tempFolder } from './engine-support';

type S3Failure = Error & { $metadata?: { httpStatusCode?: number } };

let backend: LocalBackend;
let alice: VaultSession;
let bob: VaultSession;
let objects: DirectObjects;
let sdk: S3Client;
let bucket: string;
let home: string;

beforeAll(async () => {
  backend = await startLocalBackend({ dataDir: tempFolder('engine-direct-data'), users: [ALICE, BOB] });
  alice = await signInTestSession(backend.profile, ALICE.username, ALICE.password);
  bob = await signInTestSession(backend.profile, BOB.username, BOB.password);
  bucket = backend.profile.bucket;
  home = `private/${alice.identityId}/direct/`;
  objects = createDirectObjects(alice.profile, alice.credentials);
  sdk = createS3Client(alice.profile, alice.credentials);
});

afterAll(async () => {
  sdk?.destroy();
  await backend?.close();
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** The error a promise rejects with (fails the test when it resolves). */
async function failure(promise: Promise<unknown>): Promise<S3Failure> {
  const outcome = await promise.then(
    () => ({ resolved: true as const }),
    (error: unknown) => ({ resolved: false as const, error }),
  );
  expect(outcome.resolved, 'expected a rejection').toBe(false);
  expect(outcome.resolved ? undefined : outcome.error).toBeInstanceOf(Error);
  return (outcome as { error: S3Failure }).error;
}

/** Name and HTTP status, the two things s3ErrorToVaultError looks at. */
const shape = (error: S3Failure) => ({ name: error.name, status: error.$metadata?.httpStatusCode });

const md5 = (data: Buffer) => `"${createHash('md5').update(data).digest('hex')}"`;

async function sdkGet(key: string, client: S3Client = sdk) {
  const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return { ...response, bytes: Buffer.from(await response.Body!.transformToByteArray()) };
}

/** Direct objects of alice's that talk to the backend through `proxyUrl`. */
function objectsVia(proxyUrl: string): DirectObjects {
  return createDirectObjects({ ...alice.profile, endpoint: proxyUrl }, alice.credentials);
}

const slowDown = {
  kind: 'answer',
  status: 503,
  body: '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>',
} as const;

describe('direct put and get are S3 requests', () => {
  it('puts and gets back the same bytes, the metadata with lower-case names, and an ETag', async () => {
    const body = randomBytes(10_000);
    const key = `${home}plain.bin`;
    await objects.put(key, body, { metadata: { 'File-Id': 'F'.repeat(43), 'PLAINTEXT-size': '9000' } });
    const object = await objects.get(key, { maxBytes: 1024 * 1024 });
    expect(object.body.equals(body)).toBe(true);
    expect(object.metadata).toEqual({ 'file-id': 'F'.repeat(43), 'plaintext-size': '9000' });
    expect(object.etag).toBe(md5(body));
  });

  it('writes what the SDK reads (same bytes, metadata, ETag, content type), and reads what the SDK writes', async () => {
    const body = randomBytes(33_333);
    const key = `${home}seen-by-the-sdk.bin`;
    await objects.put(key, body, { metadata: { 'file-id': 'x'.repeat(43), 'plaintext-size': '1' } });
    const viaSdk = await sdkGet(key);
    expect(viaSdk.bytes.equals(body)).toBe(true);
    expect(viaSdk.Metadata).toEqual({ 'file-id': 'x'.repeat(43), 'plaintext-size': '1' });
    expect(viaSdk.ContentType).toBe('application/octet-stream');
    expect(viaSdk.ContentLength).toBe(body.length);
    expect((await objects.get(key, { maxBytes: body.length })).etag).toBe(viaSdk.ETag);

    const other = randomBytes(4096);
    const sdkKey = `${home}written-by-the-sdk.bin`;
    const put = await sdk.send(
      new PutObjectCommand({ Bucket: bucket, Key: sdkKey, Body: other, Metadata: { 'file-id': 'y'.repeat(22) } }),
    );
    const direct = await objects.get(sdkKey, { maxBytes: other.length });
    expect(direct.body.equals(other)).toBe(true);
    expect(direct.metadata).toEqual({ 'file-id': 'y'.repeat(22) });
    expect(direct.etag).toBe(put.ETag);
  });

  it('puts and gets an empty object', async () => {
    const key = `${home}empty`;
    await objects.put(key, Buffer.alloc(0), { metadata: {} });
    const object = await objects.get(key, { maxBytes: 0 });
    expect(object.body.length).toBe(0);
    expect(object.metadata).toEqual({});
    expect((await sdkGet(key)).bytes.length).toBe(0);
  });

  it("round-trips a key with ':', spaces, reserved characters and unicode, listed under that exact key", async () => {
    const name = "Quarterly report: (draft) *v2*! it's 100% +final? #1 [a]&b=c~ café 日本語 🎉.bin";
    const key = `${home}keys/sub folder/${name}`;
    const body = randomBytes(2048);
    await objects.put(key, body, { metadata: { 'file-id': 'k'.repeat(43) } });
    expect((await objects.get(key, { maxBytes: 4096 })).body.equals(body)).toBe(true);
    expect((await sdkGet(key)).bytes.equals(body)).toBe(true);
    const listed = await sdk.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${home}keys/` }));
    expect(listed.Contents?.map((object) => object.Key)).toEqual([key]);
  });

  it('puts many objects at once', async () => {
    const bodies = Array.from({ length: 24 }, () => randomBytes(1 + Math.floor(Math.random() * 20_000)));
    await Promise.all(bodies.map((body, i) => objects.put(`${home}many/${i}`, body, { metadata: { n: String(i) } })));
    const back = await Promise.all(bodies.map((_, i) => objects.get(`${home}many/${i}`, { maxBytes: 20_000 })));
    back.forEach((object, i) => {
      expect(object.body.equals(bodies[i]!)).toBe(true);
      expect(object.metadata).toEqual({ n: String(i) });
    });
  });
});

describe('direct put and get fail as the SDK does', () => {
  it('refuses a conditional put on a taken key: PreconditionFailed, 412 (CONFLICT); overwrites without the condition', async () => {
    const key = `${home}taken.bin`;
    await objects.put(key, Buffer.from('first'), { metadata: {}, ifNoneMatch: true });
    const error = await failure(objects.put(key, Buffer.from('second'), { metadata: {}, ifNoneMatch: true }));
    expect(shape(error)).toEqual({ name: 'PreconditionFailed', status: 412 });
    const sdkError = await failure(
      sdk.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'second', IfNoneMatch: '*' })),
    );
    expect(shape(error)).toEqual(shape(sdkError));
    expect(s3ErrorToVaultError(error, { permission: 's3:PutObject', subject: 'taken.bin' }).code).toBe('CONFLICT');
    expect((await objects.get(key, { maxBytes: 100 })).body.toString()).toBe('first');

    await objects.put(key, Buffer.from('third'), { metadata: {} });
    expect((await objects.get(key, { maxBytes: 100 })).body.toString()).toBe('third');
  });

  it('answers a get of a missing key in the own prefix as the SDK does (403 AccessDenied for a member)', async () => {
    const key = `${home}no-such-object`;
    const error = await failure(objects.get(key, { maxBytes: 100 }));
    const sdkError = await failure(sdkGet(key));
    // The backend, like AWS, answers 403 to a caller who may not list the whole bucket.
    expect(shape(error)).toEqual({ name: 'AccessDenied', status: 403 });
    expect(shape(error)).toEqual(shape(sdkError));
    const attempt = { permission: 's3:GetObject', subject: 'no-such-object' } as const;
    const mapped = s3ErrorToVaultError(error, attempt);
    expect(mapped.code).toBe('ACCESS_DENIED');
    expect(mapped.message).toBe(s3ErrorToVaultError(sdkError, attempt).message);
  });

  it("refuses a put and a get under another person's prefix: AccessDenied, 403", async () => {
    const key = `private/${bob.identityId}/intruder.bin`;
    const error = await failure(objects.put(key, Buffer.from('x'), { metadata: {} }));
    expect(shape(error)).toEqual({ name: 'AccessDenied', status: 403 });
    const sdkError = await failure(sdk.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'x' })));
    expect(shape(error)).toEqual(shape(sdkError));
    expect(s3ErrorToVaultError(error, { permission: 's3:PutObject', subject: 'x' }).code).toBe('ACCESS_DENIED');

    const bobs = createDirectObjects(bob.profile, bob.credentials);
    await bobs.put(key, Buffer.from('bob'), { metadata: {} });
    expect(shape(await failure(objects.get(key, { maxBytes: 100 })))).toEqual({ name: 'AccessDenied', status: 403 });
    expect((await bobs.get(key, { maxBytes: 100 })).body.toString()).toBe('bob');
  });

  it('refuses a body larger than maxBytes with ObjectTooLarge, and takes one exactly that large', async () => {
    const key = `${home}sized.bin`;
    const body = randomBytes(5000);
    await objects.put(key, body, { metadata: {} });
    const error = await failure(objects.get(key, { maxBytes: 4999 }));
    expect(error.name).toBe('ObjectTooLarge');
    expect((await objects.get(key, { maxBytes: 5000 })).body.equals(body)).toBe(true);
    // The client is still usable afterwards (the refused response's connection was dropped, not reused).
    expect((await objects.get(key, { maxBytes: 5000 })).body.equals(body)).toBe(true);
  });

  it('fails with the error names the SDK gives for a wrong secret, an unknown key id and a wrong token', async () => {
    const real = await alice.credentials();
    const wrong: Array<[string, AwsCredentialIdentity, string]> = [
      [
        'wrong secret',
        { ...real, secretAccessKey: `${real.secretAccessKey.slice(0, -4)}AAAA` },
        'SignatureDoesNotMatch',
      ],
      ['unknown key id', { ...real, accessKeyId: 'ASIAUNKNOWNUNKNOWN00' }, 'InvalidAccessKeyId'],
      ['wrong session token', { ...real, sessionToken: `${real.sessionToken}x` }, 'InvalidToken'],
    ];
    const key = `${home}plain.bin`;
    for (const [label, credentials, expectedName] of wrong) {
      const direct = createDirectObjects(alice.profile, credentials);
      const client = createS3Client(alice.profile, credentials);
      try {
        const putError = await failure(direct.put(`${home}denied.bin`, Buffer.from('x'), { metadata: {} }));
        const getError = await failure(direct.get(key, { maxBytes: 1 << 20 }));
        const sdkError = await failure(sdkGet(key, client));
        expect(shape(getError), label).toEqual(shape(sdkError));
        expect(getError.name, label).toBe(expectedName);
        expect(shape(putError), label).toEqual(shape(getError));
        expect(s3ErrorToVaultError(getError, { permission: 's3:GetObject', subject: 'x' }).code, label).toBe(
          'AUTH_REQUIRED',
        );
      } finally {
        client.destroy();
      }
    }
  });
});

describe('expired credentials', () => {
  // The full backend's sessions last an hour; the S3 harness has a member session that expired a second ago.
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('fails with ExpiredToken as the SDK does (AUTH_REQUIRED)', async () => {
    const credentials = {
      accessKeyId: h.expired.accessKeyId,
      secretAccessKey: h.expired.secretAccessKey,
      sessionToken: h.expired.sessionToken,
    };
    const direct = createDirectObjects({ region: h.model.region, endpoint: h.url, bucket: h.bucket }, credentials);
    const key = `${harnessHome(h.expired)}expired.bin`;
    const putError = await failure(direct.put(key, Buffer.from('x'), { metadata: {} }));
    const getError = await failure(direct.get(key, { maxBytes: 10 }));
    const client = h.client(h.expired);
    try {
      const sdkError = await failure(client.send(new GetObjectCommand({ Bucket: h.bucket, Key: key })));
      expect(shape(getError)).toEqual(shape(sdkError));
    } finally {
      client.destroy();
    }
    expect(getError.name).toBe('ExpiredToken');
    expect(shape(putError)).toEqual(shape(getError));
    expect(s3ErrorToVaultError(putError, { permission: 's3:PutObject', subject: 'x' }).code).toBe('AUTH_REQUIRED');
  });
});

/**
 * A recording proxy to the backend for the tests of the describe block that
 * calls this, forwarding again (with its record cleared) after each test.
 */
function useRecordingProxy(): () => RecordingProxy {
  let proxy: RecordingProxy;
  beforeAll(async () => {
    proxy = await startRecordingProxy(backend.port);
  });
  afterAll(async () => {
    await proxy?.close();
  });
  afterEach(() => {
    proxy.decide = () => ({ kind: 'forward' });
    proxy.requests.length = 0;
  });
  return () => proxy;
}

describe('retries', () => {
  const proxy = useRecordingProxy();

  it('puts and gets through a connection that was reset at its first byte', async () => {
    const drops = await startDropProxy(backend.port);
    try {
      const flaky = objectsVia(drops.url);
      const body = randomBytes(50_000);
      const key = `${home}after-reset.bin`;
      drops.arm('up', 1);
      await flaky.put(key, body, { metadata: { 'file-id': 'r'.repeat(43) }, ifNoneMatch: true });
      expect(drops.drops).toBe(1);
      drops.arm('down', 1);
      const object = await flaky.get(key, { maxBytes: 1 << 20 });
      expect(drops.drops).toBe(2);
      expect(object.body.equals(body)).toBe(true);
      expect(object.metadata).toEqual({ 'file-id': 'r'.repeat(43) });
    } finally {
      await drops.close();
    }
  });

  it('retries a get whose body was cut short', async () => {
    const key = `${home}cut-short.bin`;
    const body = randomBytes(200_000);
    await objects.put(key, body, { metadata: {} });
    const drops = await startDropProxy(backend.port);
    try {
      drops.arm('down', 100_000);
      const object = await objectsVia(drops.url).get(key, { maxBytes: 1 << 20 });
      expect(drops.drops).toBe(1);
      expect(object.body.equals(body)).toBe(true);
    } finally {
      await drops.close();
    }
  });

  it('retries SlowDown (503) and InternalError (500), and not a client error (400)', async () => {
    const via = objectsVia(proxy().url);
    const key = `${home}busy.bin`;
    proxy().decide = (_req, index) => (index === 0 ? slowDown : { kind: 'forward' });
    await via.put(key, Buffer.from('busy'), { metadata: {}, ifNoneMatch: true });
    expect(proxy().requests.map((request) => request.status)).toEqual([503, 200]);

    proxy().requests.length = 0;
    proxy().decide = (_req, index) =>
      index === 0
        ? { kind: 'answer', status: 500, body: '<Error><Code>InternalError</Code><Message>oops</Message></Error>' }
        : { kind: 'forward' };
    expect((await via.get(key, { maxBytes: 100 })).body.toString()).toBe('busy');
    expect(proxy().requests.map((request) => request.status)).toEqual([500, 200]);

    proxy().requests.length = 0;
    proxy().decide = () => ({
      kind: 'answer',
      status: 400,
      body: '<Error><Code>InvalidArgument</Code><Message>no &amp; never</Message></Error>',
    });
    const error = await failure(via.get(key, { maxBytes: 100 }));
    expect(shape(error)).toEqual({ name: 'InvalidArgument', status: 400 });
    expect(proxy().requests).toHaveLength(1);
  });

  // The SDK's standard retry mode also retries 502 and 504 (transient statuses) and 429 (throttling), which
  // proxies and gateways in front of S3 answer.
  it('retries 502, 504 and 429 as the SDK does', async () => {
    const answers = [
      { status: 502, body: '<html><body>502 Bad Gateway</body></html>' },
      { status: 504, body: '' },
      { status: 429, body: '<Error><Code>TooManyRequests</Code><Message>Slow down.</Message></Error>' },
    ];
    const client = createS3Client({ ...alice.profile, endpoint: proxy().url }, alice.credentials);
    const outcomes: Record<string, string> = {};
    try {
      for (const { status, body } of answers) {
        for (const who of ['sdk', 'direct'] as const) {
          proxy().requests.length = 0;
          proxy().decide = (_req, index) => (index === 0 ? { kind: 'answer', status, body } : { kind: 'forward' });
          const key = `${home}gateway-${status}-${who}.bin`;
          const sent =
            who === 'sdk'
              ? client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'x' }))
              : objectsVia(proxy().url).put(key, Buffer.from('x'), { metadata: {} });
          outcomes[`${who} ${status}`] = await sent.then(
            () =>
              `ok after ${proxy()
                .requests.map((request) => request.status)
                .join(',')}`,
            (error: S3Failure) => `${error.name} (${error.$metadata?.httpStatusCode})`,
          );
        }
      }
    } finally {
      client.destroy();
    }
    expect(outcomes).toEqual({
      'sdk 502': 'ok after 502,200',
      'direct 502': 'ok after 502,200',
      'sdk 504': 'ok after 504,200',
      'direct 504': 'ok after 504,200',
      'sdk 429': 'ok after 429,200',
      'direct 429': 'ok after 429,200',
    });
  });

  it(`gives up after ${S3_MAX_ATTEMPTS} attempts with the last error (UNAVAILABLE)`, async () => {
    proxy().decide = () => slowDown;
    const error = await failure(objectsVia(proxy().url).put(`${home}never.bin`, Buffer.from('x'), { metadata: {} }));
    expect(shape(error)).toEqual({ name: 'SlowDown', status: 503 });
    expect(proxy().requests).toHaveLength(S3_MAX_ATTEMPTS);
    expect(s3ErrorToVaultError(error, { permission: 's3:PutObject', subject: 'x' }).code).toBe('UNAVAILABLE');
  });

  it('meets its own object when the answer to a conditional put was lost (the caller checks whose it is)', async () => {
    const key = `${home}lost-answer.bin`;
    proxy().decide = (_req, index) => (index === 0 ? { kind: 'reset-after-forward' } : { kind: 'forward' });
    const error = await failure(
      objectsVia(proxy().url).put(key, Buffer.from('mine'), { metadata: {}, ifNoneMatch: true }),
    );
    expect(proxy().requests.map((request) => [request.status, request.errorCode])).toEqual([
      [200, undefined],
      [412, 'PreconditionFailed'],
    ]);
    expect(shape(error)).toEqual({ name: 'PreconditionFailed', status: 412 });
    expect((await objects.get(key, { maxBytes: 100 })).body.toString()).toBe('mine');
  });
});

describe('cancel', () => {
  const proxy = useRecordingProxy();

  const expectCancelled = (error: S3Failure) => {
    expect(error.name).toBe('AbortError');
    expect(s3ErrorToVaultError(error, { permission: 's3:GetObject', subject: 'x' }).code).toBe('CANCELLED');
  };

  /** Aborts `controller` once the proxy has seen `count` requests. */
  async function abortAfterRequests(controller: AbortController, count: number): Promise<void> {
    await vi.waitFor(() => expect(proxy().requests.length).toBeGreaterThanOrEqual(count), { timeout: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
  }

  it('rejects with AbortError, sending nothing, when the signal is already aborted', async () => {
    const via = objectsVia(proxy().url);
    const signal = AbortSignal.abort();
    expectCancelled(await failure(via.put(`${home}never-sent.bin`, Buffer.from('x'), { metadata: {}, signal })));
    expectCancelled(await failure(via.get(`${home}plain.bin`, { maxBytes: 1 << 20, signal })));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(proxy().requests).toEqual([]);
  });

  it('rejects with AbortError when cancelled while waiting for the answer', async () => {
    proxy().decide = () => ({ kind: 'hold' });
    const controller = new AbortController();
    const put = objectsVia(proxy().url).put(`${home}held.bin`, randomBytes(1000), {
      metadata: {},
      signal: controller.signal,
    });
    await abortAfterRequests(controller, 1);
    expectCancelled(await failure(put));
    expect(proxy().requests).toHaveLength(1);
  });

  it('rejects with AbortError when cancelled in the middle of the body', async () => {
    const key = `${home}half-read.bin`;
    await objects.put(key, randomBytes(300_000), { metadata: {} });
    proxy().decide = () => ({ kind: 'hold-body', bytes: 1000 });
    const controller = new AbortController();
    const get = objectsVia(proxy().url).get(key, { maxBytes: 1 << 20, signal: controller.signal });
    // The status, the headers and the first 1000 bytes of the body are on their way to the client.
    await vi.waitFor(() => expect(proxy().requests[0]?.relayedBytes).toBe(1000));
    await abortAfterRequests(controller, 1);
    expectCancelled(await failure(get));
    expect(proxy().requests).toHaveLength(1);
  });

  it('leaves no abort listener behind on a signal shared by many requests', async () => {
    const controller = new AbortController();
    const key = `${home}shared-signal.bin`;
    await objects.put(key, Buffer.from('x'), { metadata: {}, signal: controller.signal });
    for (let i = 0; i < 30; i++) await objects.get(key, { maxBytes: 10, signal: controller.signal });
    await new Promise((resolve) => setImmediate(resolve));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('rejects with AbortError when cancelled while waiting to retry', async () => {
    proxy().decide = () => slowDown;
    const controller = new AbortController();
    const put = objectsVia(proxy().url).put(`${home}busy-cancelled.bin`, Buffer.from('x'), {
      metadata: {},
      signal: controller.signal,
    });
    await vi.waitFor(() => expect(proxy().requests[0]?.status).toBe(503));
    controller.abort();
    expectCancelled(await failure(put));
    expect(proxy().requests.length).toBeLessThan(S3_MAX_ATTEMPTS);
  });
});

describe('a skewed clock', () => {
  const proxy = useRecordingProxy();

  // Only Date.now is moved: the backend, in this process, reads its clock with `new Date()`
  // (request time, Date header), which stays true, so only the client is off.
  for (const minutes of [20, -20]) {
    it(`succeeds after one corrected retry when the client's clock is ${minutes} minutes off`, async () => {
      proxy().requests.length = 0;
      const realNow = Date.now.bind(Date);
      const via = objectsVia(proxy().url);
      vi.spyOn(Date, 'now').mockImplementation(() => realNow() + minutes * 60_000);
      const key = `${home}skewed${minutes}.bin`;
      await via.put(key, Buffer.from('in time'), { metadata: {}, ifNoneMatch: true });
      expect(proxy().requests.map((request) => [request.status, request.errorCode])).toEqual([
        [403, 'RequestTimeTooSkewed'],
        [200, undefined],
      ]);
      // The offset is kept: the next request is right at once.
      expect((await via.get(key, { maxBytes: 100 })).body.toString()).toBe('in time');
      expect(proxy().requests.map((request) => request.status)).toEqual([403, 200, 200]);
    });
  }

  // After a laptop wakes, the first request often meets a dead keep-alive socket (ECONNRESET) and the retry
  // gets RequestTimeTooSkewed: the SDK corrects its clock offset on any attempt, and so must these requests.
  it('corrects the clock also when the skew answer comes to a retry (after a reset connection)', async () => {
    const drops = await startDropProxy(backend.port);
    const client = createS3Client({ ...alice.profile, endpoint: drops.url }, alice.credentials);
    try {
      const realNow = Date.now.bind(Date);
      vi.spyOn(Date, 'now').mockImplementation(() => realNow() + 20 * 60_000);
      // The SDK's client, in the same situation, corrects its clock on the retry and succeeds.
      drops.arm('up', 1);
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: `${home}skewed-after-reset-sdk.bin`, Body: 'x' }));
      expect(drops.drops).toBe(1);
      drops.arm('up', 1);
      await objectsVia(drops.url).put(`${home}skewed-after-reset.bin`, Buffer.from('in time'), { metadata: {} });
      expect(drops.drops).toBe(2);
    } finally {
      client.destroy();
      await drops.close();
    }
  });
});
