import { describe, expect, it } from 'vitest';
import { parsePresignedUrl } from '../../../../src/main/vault/shares/presigned-url';

const owner = 'eu-west-1:1f2e3d4c-0000-4000-8000-123456789abc';
const key = `private/${encodeURIComponent(owner)}/v1/AbC/dEf`;
const query =
  'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIAEXAMPLE%2F20260501%2Feu-west-1%2Fs3%2Faws4_request' +
  '&X-Amz-Date=20260501T120000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=abc123';
const aws = { bucket: 'vault-bucket', region: 'eu-west-1' };
const local = { bucket: 'vault-bucket', region: 'us-east-1', endpoint: 'http://127.0.0.1:4566' };

describe('parsePresignedUrl', () => {
  it('reads a virtual-hosted AWS URL: bucket, key, owner, signing time and expiry', () => {
    const facts = parsePresignedUrl(`https://vault-bucket.s3.eu-west-1.amazonaws.com/${key}?${query}`, aws);
    expect(facts).toMatchObject({
      bucket: 'vault-bucket',
      key: `private/${owner}/v1/AbC/dEf`,
      owner,
      expiresIn: 3600,
      credential: 'ASIAEXAMPLE/20260501/eu-west-1/s3/aws4_request',
      amzDate: '20260501T120000Z',
    });
    expect(facts.signedAt.toISOString()).toBe('2026-05-01T12:00:00.000Z');
    expect(facts.expiresAt.toISOString()).toBe('2026-05-01T13:00:00.000Z');
  });

  it('reads path-style URLs, at AWS and at the profile endpoint', () => {
    expect(parsePresignedUrl(`https://s3.eu-west-1.amazonaws.com/vault-bucket/${key}?${query}`, aws).owner).toBe(owner);
    expect(parsePresignedUrl(`http://127.0.0.1:4566/vault-bucket/${key}?${query}`, local).owner).toBe(owner);
  });

  it('refuses other buckets, other hosts, plain http and incomplete links', () => {
    const refused = (url: string, profile: typeof aws | typeof local = aws) => {
      try {
        parsePresignedUrl(url, profile);
      } catch (error) {
        return (error as { code: string; message: string }).code;
      }
      return 'accepted';
    };
    expect(refused(`https://other-bucket.s3.eu-west-1.amazonaws.com/${key}?${query}`)).toBe('INVALID_INPUT');
    expect(refused(`https://vault-bucket.s3.eu-west-1.amazonaws.com.evil.example/${key}?${query}`)).toBe(
      'INVALID_INPUT',
    );
    expect(refused(`http://vault-bucket.s3.eu-west-1.amazonaws.com/${key}?${query}`)).toBe('INVALID_INPUT');
    expect(refused(`http://127.0.0.1:9999/vault-bucket/${key}?${query}`, local)).toBe('INVALID_INPUT');
    expect(refused(`https://vault-bucket.s3.eu-west-1.amazonaws.com/${key}`)).toBe('INVALID_INPUT');
    expect(refused(`https://vault-bucket.s3.eu-west-1.amazonaws.com/public/x?${query}`)).toBe('INVALID_INPUT');
    expect(refused('not a url')).toBe('INVALID_INPUT');
  });
});
