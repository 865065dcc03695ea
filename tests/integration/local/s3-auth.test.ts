import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, home, startHarness, type Harness } from './s3-harness';

let h: Harness;
let alice: S3Client;
const key = (): string => `${home(h.alice)}v1/shared.bin`;

beforeAll(async () => {
  h = await startHarness();
  alice = h.client(h.alice);
  await alice.send(new PutObjectCommand({ Bucket: h.bucket, Key: key(), Body: 'ciphertext bytes' }));
});
afterAll(async () => {
  await h.close();
});

const errorCode = (xml: string): string | undefined => /<Code>([^<]+)<\/Code>/.exec(xml)?.[1];

describe('presigned URLs (share links)', () => {
  it('download with fetch, with the X-Amz-Security-Token of temporary credentials', async () => {
    const url = await getSignedUrl(alice, new GetObjectCommand({ Bucket: h.bucket, Key: key() }), { expiresIn: 60 });
    expect(url).toContain('X-Amz-Security-Token=');
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ciphertext bytes');
  });

  it('stop working after X-Amz-Expires: 403 AccessDenied "Request has expired"', async () => {
    const url = await getSignedUrl(alice, new GetObjectCommand({ Bucket: h.bucket, Key: key() }), { expiresIn: 1 });
    expect((await fetch(url)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const response = await fetch(url);
    const body = await response.text();
    expect([response.status, errorCode(body)]).toEqual([403, 'AccessDenied']);
    expect(body).toContain('<Message>Request has expired</Message>');
    expect(body).toContain('<X-Amz-Expires>1</X-Amz-Expires>');
  });

  it('refuse one changed character of the signature with 403 SignatureDoesNotMatch', async () => {
    const url = new URL(
      await getSignedUrl(alice, new GetObjectCommand({ Bucket: h.bucket, Key: key() }), { expiresIn: 60 }),
    );
    const signature = url.searchParams.get('X-Amz-Signature')!;
    url.searchParams.set(
      'X-Amz-Signature',
      `${signature.slice(0, 10)}${signature[10] === 'a' ? 'b' : 'a'}${signature.slice(11)}`,
    );
    const response = await fetch(url);
    expect([response.status, errorCode(await response.text())]).toEqual([403, 'SignatureDoesNotMatch']);
  });

  it('refuse a changed key in the path', async () => {
    const url = await getSignedUrl(alice, new GetObjectCommand({ Bucket: h.bucket, Key: key() }), { expiresIn: 60 });
    const response = await fetch(url.replace('shared.bin', 'shared.bim'));
    expect([response.status, errorCode(await response.text())]).toEqual([403, 'SignatureDoesNotMatch']);
  });

  it("give nothing to a link signed by someone without access (another member's object)", async () => {
    const url = await getSignedUrl(h.client(h.bob), new GetObjectCommand({ Bucket: h.bucket, Key: key() }), {
      expiresIn: 60,
    });
    const response = await fetch(url);
    expect([response.status, errorCode(await response.text())]).toEqual([403, 'AccessDenied']);
  });
});

describe('credentials', () => {
  it('expired temporary credentials get 400 ExpiredToken', async () => {
    const error = await failure(h.client(h.expired).send(new GetObjectCommand({ Bucket: h.bucket, Key: key() })));
    expect([error.name, error.$metadata.httpStatusCode, error.message]).toEqual([
      'ExpiredToken',
      400,
      'The provided token has expired.',
    ]);
  });

  it('a wrong secret gets 403 SignatureDoesNotMatch, an unknown key 403 InvalidAccessKeyId, a forged token 400 InvalidToken', async () => {
    const wrongSecret = await failure(
      h
        .client({ ...h.alice, secretAccessKey: 'not-the-secret' })
        .send(new ListObjectsV2Command({ Bucket: h.bucket, Prefix: home(h.alice) })),
    );
    expect([wrongSecret.name, wrongSecret.$metadata.httpStatusCode]).toEqual(['SignatureDoesNotMatch', 403]);
    const unknown = await failure(
      h
        .client({ ...h.admin, accessKeyId: 'AKIAUNKNOWNKEY000000' })
        .send(new ListObjectsV2Command({ Bucket: h.bucket })),
    );
    expect([unknown.name, unknown.$metadata.httpStatusCode]).toEqual(['InvalidAccessKeyId', 403]);
    const forged = await failure(
      h
        .client({ ...h.alice, sessionToken: 'forged' })
        .send(new ListObjectsV2Command({ Bucket: h.bucket, Prefix: home(h.alice) })),
    );
    expect([forged.name, forged.$metadata.httpStatusCode]).toEqual(['InvalidToken', 400]);
  });

  it('a request signed for another region is AuthorizationHeaderMalformed with the right region', async () => {
    const error = await failure(
      h
        .client(h.alice, { region: 'eu-west-1' })
        .send(new ListObjectsV2Command({ Bucket: h.bucket, Prefix: home(h.alice) })),
    );
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(['AuthorizationHeaderMalformed', 400]);
  });

  it('an anonymous request is 403 AccessDenied, and HEAD errors carry no body', async () => {
    const get = await fetch(`${h.url}/${h.bucket}/${key()}`);
    expect([get.status, errorCode(await get.text())]).toEqual([403, 'AccessDenied']);
    expect(get.headers.get('x-amz-request-id')).toMatch(/^[0-9A-F]{16}$/);
    const head = await fetch(`${h.url}/${h.bucket}/${key()}`, { method: 'HEAD' });
    expect([head.status, await head.text()]).toEqual([403, '']);
  });
});

describe('CORS', () => {
  it('refuses preflight when the bucket has no CORS rules (the template declares none)', async () => {
    const response = await fetch(`${h.url}/${h.bucket}/${key()}`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'GET' },
    });
    expect([response.status, errorCode(await response.text())]).toEqual([403, 'CORSResponse']);
  });

  it('answers preflight from the bucket rules when there are some', async () => {
    const withCors = await startHarness({
      mutateModel: (m) => {
        m.bucket.cors = [
          {
            AllowedMethods: ['GET', 'PUT'],
            AllowedOrigins: ['http://localhost:5173'],
            AllowedHeaders: ['*'],
            ExposedHeaders: ['ETag'],
            MaxAge: 600,
          },
        ];
      },
    });
    try {
      const ok = await fetch(`${withCors.url}/${withCors.bucket}/k`, {
        method: 'OPTIONS',
        headers: {
          Origin: 'http://localhost:5173',
          'Access-Control-Request-Method': 'PUT',
          'Access-Control-Request-Headers': 'content-type,x-amz-date',
        },
      });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
      expect(ok.headers.get('access-control-allow-methods')).toBe('GET, PUT');
      expect(ok.headers.get('access-control-expose-headers')).toBe('ETag');
      const other = await fetch(`${withCors.url}/${withCors.bucket}/k`, {
        method: 'OPTIONS',
        headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'GET' },
      });
      expect(other.status).toBe(403);
    } finally {
      await withCors.close();
    }
  });
});

describe('SSE-KMS through S3', () => {
  it('denies writes and reads when the role may not use the key via S3 (a template without the grant fails here, not in AWS)', async () => {
    const strict = await startHarness({
      mutateModel: (m) => {
        for (const role of m.roles) {
          for (const policy of role.policies) {
            const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
            policy.Statement = statements.filter((s) => s.Sid !== 'S3DefaultEncryption');
          }
        }
      },
    });
    try {
      const error = await failure(
        strict
          .client(strict.alice)
          .send(new PutObjectCommand({ Bucket: strict.bucket, Key: `${home(strict.alice)}x`, Body: 'x' })),
      );
      expect(error.name).toBe('AccessDenied');
      expect(error.message).toContain('kms:GenerateDataKey');
    } finally {
      await strict.close();
    }
  });
});
