/**
 * The addressing of the direct object requests (direct-objects.ts): the base
 * URL of a bucket's objects and the key as a URL path, compared with what the
 * SDK's S3 client would send for the same object (captured by a request
 * handler that never reaches the network).
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { HttpRequest } from '@smithy/types';
import { describe, expect, it } from 'vitest';
import { encodeKey, objectBaseUrl } from '../../../../src/main/vault/s3/direct-objects';

type Where = { region: string; endpoint?: string };

/** The URL (without query) the SDK's GetObject would request, with the client options of createS3Client. */
async function sdkObjectUrl(where: Where, bucket: string, key: string): Promise<string> {
  let seen: HttpRequest | undefined;
  const s3 = new S3Client({
    region: where.region,
    endpoint: where.endpoint,
    forcePathStyle: where.endpoint !== undefined,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
    requestHandler: {
      handle: (request: HttpRequest) => {
        seen = request;
        return Promise.reject(new Error('captured'));
      },
    },
  });
  try {
    await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key })).catch(() => undefined);
  } finally {
    s3.destroy();
  }
  if (!seen) throw new Error('the SDK sent nothing');
  return `${seen.protocol}//${seen.hostname}${seen.port ? `:${seen.port}` : ''}${seen.path}`;
}

/** The URL the direct requests use for `key`, built as createDirectObjects builds it. */
function directObjectUrl(where: Where, bucket: string, key: string): string {
  const base = objectBaseUrl(where, bucket);
  return `${base.protocol}//${base.host}${base.pathname.replace(/\/$/, '')}/${encodeKey(key)}`;
}

describe('objectBaseUrl', () => {
  const cases: Array<{ name: string; where: Where; bucket: string; expected: string }> = [
    {
      name: 'path-style on a custom endpoint',
      where: { region: 'us-east-1', endpoint: 'http://127.0.0.1:4566' },
      bucket: 'vault-bucket',
      expected: 'http://127.0.0.1:4566/vault-bucket/',
    },
    {
      name: 'path-style on a custom endpoint with a trailing slash',
      where: { region: 'eu-west-1', endpoint: 'http://localhost:9000/' },
      bucket: 'vault-bucket',
      expected: 'http://localhost:9000/vault-bucket/',
    },
    {
      name: 'path-style under a custom endpoint with a base path',
      where: { region: 'eu-west-1', endpoint: 'https://gateway.example.test/s3' },
      bucket: 'vault-bucket',
      expected: 'https://gateway.example.test/s3/vault-bucket/',
    },
    {
      name: 'path-style on a custom endpoint even for a dotted bucket',
      where: { region: 'eu-west-1', endpoint: 'http://127.0.0.1:4566' },
      bucket: 'my.vault.bucket',
      expected: 'http://127.0.0.1:4566/my.vault.bucket/',
    },
    {
      name: 'virtual-hosted on AWS',
      where: { region: 'eu-west-1' },
      bucket: 'vault-bucket',
      expected: 'https://vault-bucket.s3.eu-west-1.amazonaws.com/',
    },
    {
      name: 'virtual-hosted on AWS in us-east-1 (regional host, not the legacy global one)',
      where: { region: 'us-east-1' },
      bucket: 'vault-bucket-0123',
      expected: 'https://vault-bucket-0123.s3.us-east-1.amazonaws.com/',
    },
    {
      name: 'path-style on AWS for a bucket name with dots',
      where: { region: 'eu-central-1' },
      bucket: 'my.vault.bucket',
      expected: 'https://s3.eu-central-1.amazonaws.com/my.vault.bucket/',
    },
    {
      name: 'amazonaws.com.cn in a China region',
      where: { region: 'cn-north-1' },
      bucket: 'vault-bucket',
      expected: 'https://vault-bucket.s3.cn-north-1.amazonaws.com.cn/',
    },
    {
      name: 'amazonaws.com.cn and path-style for a dotted bucket in a China region',
      where: { region: 'cn-northwest-1' },
      bucket: 'my.vault.bucket',
      expected: 'https://s3.cn-northwest-1.amazonaws.com.cn/my.vault.bucket/',
    },
  ];

  for (const { name, where, bucket, expected } of cases) {
    it(`is ${name}, as the SDK addresses it`, async () => {
      expect(objectBaseUrl(where, bucket).href).toBe(expected);
      const key = 'private/us-east-1:0000/v1/file';
      expect(directObjectUrl(where, bucket, key)).toBe(await sdkObjectUrl(where, bucket, key));
    });
  }
});

describe('encodeKey', () => {
  it("keeps '/' and RFC 3986 unreserved characters as they are", () => {
    expect(encodeKey('private/us-east-1_abc/v1/A-Z.a_z~09')).toBe('private/us-east-1_abc/v1/A-Z.a_z~09');
    expect(encodeKey('a//b/')).toBe('a//b/');
    expect(encodeKey('/leading')).toBe('/leading');
  });

  it("percent-encodes ':' ' ' '!' '(' ')' '*' \"'\" and the other reserved characters, upper-case hex", () => {
    expect(encodeKey('private/us-east-1:4b2c/x')).toBe('private/us-east-1%3A4b2c/x');
    expect(encodeKey("a b!c(d)e*f'g")).toBe('a%20b%21c%28d%29e%2Af%27g');
    expect(encodeKey('?#[]@$&+,;=%"<>\\^`{|}')).toBe('%3F%23%5B%5D%40%24%26%2B%2C%3B%3D%25%22%3C%3E%5C%5E%60%7B%7C%7D');
  });

  it('percent-encodes non-ASCII as UTF-8 bytes (NFC and NFD stay distinct, as S3 keys do)', () => {
    expect(encodeKey('café/日本/😀')).toBe('caf%C3%A9/%E6%97%A5%E6%9C%AC/%F0%9F%98%80');
    expect(encodeKey('cafe\u0301')).toBe('cafe%CC%81');
  });

  it('gives the path the SDK would put in a GetObject request, for awkward and random keys', async () => {
    const where = { region: 'us-east-1', endpoint: 'http://127.0.0.1:4566' };
    const keys = [
      "private/us-east-1:7f0c/v1/Quarterly report (draft) *final*! it's.bin",
      'dir one/dir two/ name with spaces ',
      'ümlaut/ñ/日本語/🎉 party.txt',
      '%2F already-encoded%20?query=1#frag',
      '..',
      './x/../y',
      'a//b',
      'tab\there',
    ];
    const alphabet = [...'aZ09-._~ /:!()*\'"%+?#&=@,;$[]{}|\\^`<>', 'é', 'ß', '中', '😀', '\u0301', '\u00a0'];
    for (let n = 0; n < 40; n++) {
      let key = '';
      const length = 1 + Math.floor(Math.random() * 24);
      for (let i = 0; i < length; i++) key += alphabet[Math.floor(Math.random() * alphabet.length)];
      keys.push(key);
    }
    for (const key of keys) {
      expect(directObjectUrl(where, 'vault-bucket', key), JSON.stringify(key)).toBe(
        await sdkObjectUrl(where, 'vault-bucket', key),
      );
    }
  });
});
