import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KMS } from '@aws-sdk/client-kms';
import { createFileCipher } from '../../../../src/main/vault/crypto/file-cipher';
import { createKmsClient, type CredentialsProvider } from '../../../../src/main/vault/crypto/kms-client';
import { createKmsKeyring } from '../../../../src/main/vault/crypto/kms-keyring';
import { VaultError } from '../../../../src/main/vault/errors';
import { FakeKmsServer, KEY_ARN } from './fake-kms-server';
import { context, run, runCollecting } from './support';

const credentials: CredentialsProvider = async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' });
const kms = new FakeKmsServer();
beforeAll(() => kms.start());
afterAll(() => kms.stop());
beforeEach(() => kms.failures.clear());

const cipherWith = (provider: CredentialsProvider = credentials, endpoint = kms.endpoint) =>
  createFileCipher({
    keyring: createKmsKeyring({ keyArn: KEY_ARN, region: 'us-east-1', endpoint, credentials: provider }),
  });

async function failure(promise: Promise<{ error: unknown }>): Promise<VaultError> {
  const { error } = await promise;
  expect(error).toBeInstanceOf(VaultError);
  return error as VaultError;
}

describe('KMS keyring', () => {
  it('hands the Encryption SDK the aggregated KMS client, with our endpoint', async () => {
    const keyring = createKmsKeyring({ keyArn: KEY_ARN, region: 'us-east-1', endpoint: kms.endpoint, credentials });
    const client = keyring.clientProvider('us-east-1');
    expect(client).toBeInstanceOf(KMS);
    expect(String((await (client as KMS).config.endpoint?.())?.hostname)).toBe('127.0.0.1');
  });

  it('round-trips a file through KMS, sending the file context with each data key', async () => {
    const plaintext = randomBytes(1000);
    const cipher = cipherWith();
    const message = await run(cipher.encryptStream(context), plaintext);
    expect((await run(cipher.decryptStream(context), message)).equals(plaintext)).toBe(true);
    const [generate, decrypt] = kms.requests.slice(-2);
    expect(generate).toMatchObject({
      operation: 'GenerateDataKey',
      body: { KeyId: KEY_ARN, EncryptionContext: { ...context } },
    });
    expect(decrypt).toMatchObject({
      operation: 'Decrypt',
      body: { KeyId: KEY_ARN, EncryptionContext: { ...context } },
    });
  });

  describe('turns KMS failures into errors a person can act on', () => {
    let message: Buffer;
    beforeAll(async () => {
      message = await run(cipherWith().encryptStream(context), randomBytes(100));
    });

    it('access denied names the permission that is missing', async () => {
      kms.failures.set('GenerateDataKey', {
        type: 'AccessDeniedException',
        message: 'not authorized to perform: kms:GenerateDataKey',
      });
      kms.failures.set('Decrypt', { type: 'AccessDeniedException', message: 'not authorized to perform: kms:Decrypt' });
      const onEncrypt = await failure(runCollecting(cipherWith().encryptStream(context), randomBytes(10)));
      expect(onEncrypt).toMatchObject({ code: 'ACCESS_DENIED' });
      expect(onEncrypt.message).toContain('kms:GenerateDataKey');
      // On decrypt the SDK folds KMS errors into one message; the code survives.
      const onDecrypt = await failure(runCollecting(cipherWith().decryptStream(context), message));
      expect(onDecrypt).toMatchObject({ code: 'ACCESS_DENIED' });
      expect(onDecrypt.message).toContain('kms:Decrypt');
    });

    it.each([
      ['DisabledException', 'UNAVAILABLE', /disabled/],
      ['KMSInvalidStateException', 'UNAVAILABLE', /pending deletion/],
      ['ExpiredTokenException', 'AUTH_REQUIRED', /Sign in again/],
      ['InvalidCiphertextException', 'TAMPERED', /integrity check/],
    ])('%s on decrypt → %s', async (type, code, text) => {
      kms.failures.set('Decrypt', { type, message: 'from the fake' });
      const error = await failure(runCollecting(cipherWith().decryptStream(context), message));
      expect(error.code).toBe(code);
      expect(error.message).toMatch(text);
    });

    it('a wrapped data key presented with another context is TAMPERED (KMS refuses it)', async () => {
      const error = await failure(runCollecting(cipherWith().decryptStream({ ...context, file: 'other' }), message));
      expect(error.code).toBe('TAMPERED');
    });

    it('DisabledException on encrypt → UNAVAILABLE', async () => {
      kms.failures.set('GenerateDataKey', { type: 'DisabledException', message: 'key is disabled' });
      expect((await failure(runCollecting(cipherWith().encryptStream(context), randomBytes(10)))).code).toBe(
        'UNAVAILABLE',
      );
    });

    it('a credentials provider that fails keeps its own VaultError, on encrypt and on decrypt', async () => {
      const expired: CredentialsProvider = async () => {
        throw new VaultError('AUTH_REQUIRED', 'Your session ended. Sign in again.');
      };
      for (const stream of [cipherWith(expired).encryptStream(context), cipherWith(expired).decryptStream(context)]) {
        const error = await failure(runCollecting(stream, message));
        expect(error).toMatchObject({ code: 'AUTH_REQUIRED', message: 'Your session ended. Sign in again.' });
      }
    });

    it('no KMS to reach → NETWORK', async () => {
      const closed = new FakeKmsServer();
      await closed.start();
      const endpoint = closed.endpoint;
      await closed.stop();
      const error = await failure(
        runCollecting(cipherWith(credentials, endpoint).encryptStream(context), randomBytes(10)),
      );
      expect(error.code).toBe('NETWORK');
    });
  });
});

describe('KMS keyring sharing a client', () => {
  it('uses a client made by createKmsClient, so the name key and files share one', async () => {
    const client = createKmsClient({ region: 'us-east-1', endpoint: kms.endpoint, credentials });
    const keyring = createKmsKeyring({ keyArn: KEY_ARN, client });
    expect(keyring.clientProvider('us-east-1')).toBe(client);
    const cipher = createFileCipher({ keyring });
    const plaintext = randomBytes(10);
    expect(
      (await run(cipher.decryptStream(context), await run(cipher.encryptStream(context), plaintext))).equals(plaintext),
    ).toBe(true);
  });
});
