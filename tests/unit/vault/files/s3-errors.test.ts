import { describe, expect, it } from 'vitest';
import { s3ErrorToVaultError } from '../../../../src/main/vault/s3/s3-errors';

const awsError = (name: string, status?: number, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status }, ...extra });
const attempt = { permission: 's3:PutObject' as const, subject: 'docs/a.txt' };

describe('s3ErrorToVaultError', () => {
  it('names the permission S3 refused, and what it was refused on', () => {
    expect(s3ErrorToVaultError(awsError('AccessDenied', 403), attempt)).toMatchObject({
      code: 'ACCESS_DENIED',
      message: "S3 refused s3:PutObject on “docs/a.txt”. Ask the vault's administrator to check your access.",
    });
    expect(s3ErrorToVaultError(awsError('Forbidden', 403), attempt).code).toBe('ACCESS_DENIED');
  });

  it('maps missing keys, expired credentials, conflicts, throttling and the network', () => {
    expect(s3ErrorToVaultError(awsError('NoSuchKey', 404), attempt).code).toBe('NOT_FOUND');
    expect(s3ErrorToVaultError(awsError('ExpiredToken', 400), attempt).code).toBe('AUTH_REQUIRED');
    expect(s3ErrorToVaultError(awsError('ExpiredToken', 403), attempt).code).toBe('AUTH_REQUIRED');
    expect(s3ErrorToVaultError(awsError('PreconditionFailed', 412), attempt).code).toBe('CONFLICT');
    expect(s3ErrorToVaultError(awsError('SlowDown', 503), attempt).code).toBe('UNAVAILABLE');
    expect(s3ErrorToVaultError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), attempt).code).toBe(
      'NETWORK',
    );
    expect(s3ErrorToVaultError(awsError('AbortError'), attempt).code).toBe('CANCELLED');
    expect(s3ErrorToVaultError(new Error('Checksum mismatch: expected "a" but received "b"'), attempt).code).toBe(
      'TAMPERED',
    );
    expect(s3ErrorToVaultError(awsError('Weird', 418), attempt)).toMatchObject({
      code: 'INTERNAL',
      message: 'Amazon S3 failed (Weird).',
    });
  });
});
