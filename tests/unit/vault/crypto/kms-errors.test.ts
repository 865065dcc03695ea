import { describe, expect, it } from 'vitest';
import { kmsErrorToVaultError, TaggedVaultError } from '../../../../src/main/vault/crypto/kms-errors';
import { VaultError } from '../../../../src/main/vault/errors';

const named = (name: string, message = 'from AWS') => Object.assign(new Error(message), { name });
/** What the Encryption SDK's KMS keyring throws when every KMS call of a decrypt failed. */
const folded = (inner: Error) =>
  new Error(`Unable to decrypt data key and one or more KMS CMKs had an error. \n  Error #1 \n ${inner.stack} \n`);

describe('KMS error mapping', () => {
  it('keeps VaultErrors as they are', () => {
    const error = new VaultError('NETWORK', 'offline');
    expect(kmsErrorToVaultError(error, 'kms:Decrypt')).toBe(error);
  });

  it.each([
    ['AccessDeniedException', 'ACCESS_DENIED'],
    ['DisabledException', 'UNAVAILABLE'],
    ['KMSInvalidStateException', 'UNAVAILABLE'],
    ['NotFoundException', 'UNAVAILABLE'],
    ['ThrottlingException', 'UNAVAILABLE'],
    ['ExpiredTokenException', 'AUTH_REQUIRED'],
    ['UnrecognizedClientException', 'AUTH_REQUIRED'],
    ['InvalidCiphertextException', 'TAMPERED'],
    ['TimeoutError', 'NETWORK'],
    ['AbortError', 'CANCELLED'],
  ])('%s → %s, thrown directly or folded by the keyring', (name, code) => {
    expect(kmsErrorToVaultError(named(name), 'kms:Decrypt')?.code).toBe(code);
    expect(kmsErrorToVaultError(folded(named(name)), 'kms:Decrypt')?.code).toBe(code);
  });

  it('names the permission in ACCESS_DENIED', () => {
    expect(kmsErrorToVaultError(named('AccessDeniedException'), 'kms:GenerateDataKey')?.message).toContain(
      'kms:GenerateDataKey',
    );
  });

  it('recognises network failures by their errno code', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED' });
    expect(kmsErrorToVaultError(refused, 'kms:Decrypt')?.code).toBe('NETWORK');
    expect(
      kmsErrorToVaultError(Object.assign(new Error('getaddrinfo'), { code: 'ENOTFOUND' }), 'kms:Decrypt')?.code,
    ).toBe('NETWORK');
  });

  it('reads a tagged VaultError back out of a folded message, code and sentence', () => {
    const tagged = new TaggedVaultError('AUTH_REQUIRED', 'Your session ended.');
    expect(tagged).toBeInstanceOf(VaultError);
    const mapped = kmsErrorToVaultError(folded(tagged), 'kms:Decrypt');
    expect(mapped).toMatchObject({ code: 'AUTH_REQUIRED', message: 'Your session ended.' });
  });

  it('leaves anything else to the caller', () => {
    expect(
      kmsErrorToVaultError(new Error('Unsupported state or unable to authenticate data'), 'kms:Decrypt'),
    ).toBeUndefined();
    expect(kmsErrorToVaultError('a string', 'kms:Decrypt')).toBeUndefined();
  });
});
