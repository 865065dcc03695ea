import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KMS } from '@aws-sdk/client-kms';
import { createFileCipher, type FileContext } from '../../../../src/main/vault/crypto/file-cipher';
import { createKmsClient, type CredentialsProvider } from '../../../../src/main/vault/crypto/kms-client';
import { createKmsKeyring } from '../../../../src/main/vault/crypto/kms-keyring';
import { VaultError } from '../../../../src/main/vault/errors';
import { FakeKmsServer, KEY_ARN } from './fake-kms-server';
import { encryptFile, owner, run, runCollecting } from './support';

const credentials: CredentialsProvider = async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' });
const kms = new FakeKmsServer();
beforeAll(() => kms.start());
afterAll(() => kms.stop());
beforeEach(() => kms.failures.clear());

const cipherWith = (provider: CredentialsProvider = credentials, endpoint = kms.endpoint, cacheDataKeys = false) =>
  createFileCipher({
    keyring: createKmsKeyring({ keyArn: KEY_ARN, region: 'us-east-1', endpoint, credentials: provider }),
    cacheDataKeys,
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

  it('round-trips a file through KMS, sending the owner context with each data key', async () => {
    const plaintext = randomBytes(1000);
    const cipher = cipherWith();
    const { message, context } = await encryptFile(cipher, plaintext);
    expect((await run(cipher.decryptStream(context), message)).equals(plaintext)).toBe(true);
    const [generate, decrypt] = kms.requests.slice(-2);
    expect(generate).toMatchObject({ operation: 'GenerateDataKey', body: { KeyId: KEY_ARN } });
    expect(decrypt).toMatchObject({ operation: 'Decrypt', body: { KeyId: KEY_ARN } });
    // Exactly the vault and the owner (what the IAM policy checks): no per-file value.
    for (const request of [generate, decrypt]) {
      expect(request!.body.EncryptionContext).toEqual({ vault: owner.vault, owner: owner.owner });
    }
  });

  it('with cacheDataKeys, asks KMS once per owner for a batch of files, and once to decrypt them', async () => {
    const cipher = cipherWith(credentials, kms.endpoint, true);
    const other = { vault: owner.vault, owner: 'us-east-1:owner-2' };
    const start = kms.requests.length;
    const files: { plaintext: Buffer; message: Buffer; context: FileContext }[] = [];
    for (let i = 0; i < 5; i++) {
      for (const whose of [owner, other]) {
        const plaintext = randomBytes(100 + i);
        files.push({
          plaintext,
          ...(await encryptFile(cipher, plaintext, { owner: whose, plaintextLength: 100 + i })),
        });
      }
    }
    const generated = kms.requests.slice(start).map(({ operation, body }) => [operation, body.EncryptionContext]);
    expect(generated).toEqual([
      ['GenerateDataKey', { ...owner }],
      ['GenerateDataKey', { ...other }],
    ]);
    for (const { plaintext, message, context } of files) {
      expect((await run(cipher.decryptStream(context), message)).equals(plaintext)).toBe(true);
    }
    expect(kms.requests.slice(start + 2).map(({ operation }) => operation)).toEqual(['Decrypt', 'Decrypt']);
  });

  describe('turns KMS failures into errors a person can act on', () => {
    let message: Buffer;
    let context: FileContext;
    beforeAll(async () => {
      ({ message, context } = await encryptFile(cipherWith(), randomBytes(100)));
    });

    it('access denied names the permission that is missing', async () => {
      kms.failures.set('GenerateDataKey', {
        type: 'AccessDeniedException',
        message: 'not authorized to perform: kms:GenerateDataKey',
      });
      kms.failures.set('Decrypt', { type: 'AccessDeniedException', message: 'not authorized to perform: kms:Decrypt' });
      const encrypting = cipherWith().encryptStream(owner);
      const onEncrypt = await failure(runCollecting(encrypting, randomBytes(10)));
      expect(onEncrypt).toMatchObject({ code: 'ACCESS_DENIED' });
      // No data key, no message id: the file id fails the same way.
      await expect(encrypting.fileId).rejects.toBe(onEncrypt);
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
      // The header says vault-2 instead of vault-1 (same length), and so does the
      // expected context: only KMS, which bound the data key to vault-1, can tell.
      const moved = Buffer.from(message);
      const at = moved.indexOf(owner.vault);
      expect(at).toBeGreaterThan(0);
      moved.write('vault-2', at);
      const error = await failure(runCollecting(cipherWith().decryptStream({ ...context, vault: 'vault-2' }), moved));
      expect(error.code).toBe('TAMPERED');
      expect(kms.requests.at(-1)).toMatchObject({
        operation: 'Decrypt',
        body: { EncryptionContext: { vault: 'vault-2', owner: owner.owner } },
      });
    });

    it('DisabledException on encrypt → UNAVAILABLE', async () => {
      kms.failures.set('GenerateDataKey', { type: 'DisabledException', message: 'key is disabled' });
      expect((await failure(runCollecting(cipherWith().encryptStream(owner), randomBytes(10)))).code).toBe(
        'UNAVAILABLE',
      );
    });

    it('a credentials provider that fails keeps its own VaultError, on encrypt and on decrypt', async () => {
      const expired: CredentialsProvider = async () => {
        throw new VaultError('AUTH_REQUIRED', 'Your session ended. Sign in again.');
      };
      for (const stream of [cipherWith(expired).encryptStream(owner), cipherWith(expired).decryptStream(context)]) {
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
        runCollecting(cipherWith(credentials, endpoint).encryptStream(owner), randomBytes(10)),
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
    const { message, context } = await encryptFile(cipher, plaintext);
    expect((await run(cipher.decryptStream(context), message)).equals(plaintext)).toBe(true);
  });
});
