import { randomBytes } from 'node:crypto';
import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { KMS } from '@aws-sdk/client-kms';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { loadOrCreateNameKey, type NameKeyOptions } from '../../../../src/main/vault/names/name-key';
import { VaultError } from '../../../../src/main/vault/errors';

const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/11111111-2222-3333-4444-555555555555';
const identityId = 'us-east-1:alice';
const objectKey = `private/${identityId}/v1/.name-key`;

const awsError = (name: string, status: number) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

/** An S3 that keeps objects in memory and honours If-None-Match: * as S3 does (412). */
class FakeS3 {
  readonly objects = new Map<string, string>();
  readonly puts: string[] = [];
  /** Errors to throw, in order, before behaving normally. */
  readonly failNext: Error[] = [];

  async send(command: unknown): Promise<unknown> {
    await tick(); // let concurrent callers interleave, as over a network
    const failure = this.failNext.shift();
    if (failure) throw failure;
    if (command instanceof GetObjectCommand) {
      const body = this.objects.get(command.input.Key!);
      if (body === undefined) throw awsError('NoSuchKey', 404);
      return { Body: { transformToString: async () => body } };
    }
    if (command instanceof PutObjectCommand) {
      const key = command.input.Key!;
      this.puts.push(key);
      if (command.input.IfNoneMatch === '*' && this.objects.has(key)) throw awsError('PreconditionFailed', 412);
      this.objects.set(key, String(command.input.Body));
      return {};
    }
    throw new Error('unexpected command');
  }
}

/** A KMS that wraps keys in memory and demands the exact context and key on Decrypt. */
class FakeKms {
  readonly calls: { operation: string; input: Record<string, unknown> }[] = [];
  readonly #wrapped = new Map<string, { plaintext: Uint8Array; context: string }>();
  failNext?: Error;

  async generateDataKey(input: { KeyId: string; KeySpec: string; EncryptionContext: Record<string, string> }) {
    this.calls.push({ operation: 'GenerateDataKey', input });
    await tick();
    if (this.failNext) throw this.failNext;
    const plaintext = new Uint8Array(randomBytes(32));
    const blob = new Uint8Array(randomBytes(40));
    this.#wrapped.set(Buffer.from(blob).toString('hex'), {
      plaintext: plaintext.slice(),
      context: JSON.stringify(input.EncryptionContext),
    });
    return { Plaintext: plaintext, CiphertextBlob: blob, KeyId: input.KeyId };
  }

  async decrypt(input: { CiphertextBlob: Uint8Array; EncryptionContext: Record<string, string>; KeyId: string }) {
    this.calls.push({ operation: 'Decrypt', input });
    await tick();
    const entry = this.#wrapped.get(Buffer.from(input.CiphertextBlob).toString('hex'));
    if (!entry || entry.context !== JSON.stringify(input.EncryptionContext) || input.KeyId !== KEY_ARN) {
      throw awsError('InvalidCiphertextException', 400);
    }
    return { Plaintext: entry.plaintext.slice(), KeyId: KEY_ARN };
  }
}

function setup() {
  const s3 = new FakeS3();
  const kms = new FakeKms();
  const options: NameKeyOptions = {
    s3: s3 as unknown as S3Client,
    kms: kms as unknown as KMS,
    bucket: 'vault-bucket',
    vaultId: 'vault-1',
    identityId,
    keyArn: KEY_ARN,
  };
  return { s3, kms, options };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof VaultError ? error.code : `not a VaultError: ${String(error)}`;
  }
  return 'resolved';
}

describe('name key', () => {
  it('creates a 256-bit key once, wrapped by KMS for this vault and owner, and stores only the wrapped form', async () => {
    const { s3, kms, options } = setup();
    const key = await loadOrCreateNameKey(options);
    expect(key).toHaveLength(32);
    expect(kms.calls[0]).toMatchObject({
      operation: 'GenerateDataKey',
      input: {
        KeyId: KEY_ARN,
        KeySpec: 'AES_256',
        EncryptionContext: { vault: 'vault-1', owner: identityId, purpose: 'names' },
      },
    });
    const stored = JSON.parse(s3.objects.get(objectKey)!) as Record<string, unknown>;
    expect(stored).toMatchObject({ format: 's3vault-name-key', version: 1, keyArn: KEY_ARN });
    expect(s3.objects.get(objectKey)).not.toContain(Buffer.from(key).toString('base64'));
  });

  it('loads the same key on later sessions and other devices, without generating another', async () => {
    const { kms, options } = setup();
    const first = await loadOrCreateNameKey(options);
    const second = await loadOrCreateNameKey(options);
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    expect(kms.calls.filter((call) => call.operation === 'GenerateDataKey')).toHaveLength(1);
    expect(kms.calls.at(-1)).toMatchObject({
      operation: 'Decrypt',
      input: { KeyId: KEY_ARN, EncryptionContext: { vault: 'vault-1', owner: identityId, purpose: 'names' } },
    });
  });

  it("gives two devices racing to create it the same key (the loser of If-None-Match uses the winner's)", async () => {
    const { s3, kms, options } = setup();
    const [a, b] = await Promise.all([loadOrCreateNameKey(options), loadOrCreateNameKey(options)]);
    expect(kms.calls.filter((call) => call.operation === 'GenerateDataKey')).toHaveLength(2); // both tried
    expect(s3.puts).toHaveLength(2); // both put; S3 kept one
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(await loadOrCreateNameKey(options)).equals(Buffer.from(a))).toBe(true);
  });

  it('retries when S3 reports a conflicting conditional write (409)', async () => {
    const { s3, options } = setup();
    s3.failNext.push(awsError('NoSuchKey', 404), awsError('ConditionalRequestConflict', 409));
    const key = await loadOrCreateNameKey(options);
    expect(Buffer.from(await loadOrCreateNameKey(options)).equals(Buffer.from(key))).toBe(true);
  });

  it('reports a damaged or foreign name-key object as TAMPERED, and never replaces it', async () => {
    const { s3, options } = setup();
    s3.objects.set(objectKey, 'not json');
    expect(await codeOf(loadOrCreateNameKey(options))).toBe('TAMPERED');
    s3.objects.set(
      objectKey,
      JSON.stringify({ format: 's3vault-name-key', version: 1, keyArn: KEY_ARN, wrappedKey: 'AAAA' }),
    );
    expect(await codeOf(loadOrCreateNameKey(options))).toBe('TAMPERED');
    expect(s3.puts).toHaveLength(0);
  });

  it('refuses to use a key wrapped for another owner', async () => {
    const { s3, options } = setup();
    await loadOrCreateNameKey({ ...options, identityId: 'us-east-1:bob' });
    // Someone copies Bob's object into Alice's folder: KMS refuses the context.
    s3.objects.set(objectKey, s3.objects.get('private/us-east-1:bob/v1/.name-key')!);
    expect(await codeOf(loadOrCreateNameKey(options))).toBe('TAMPERED');
  });

  it('names the permission when S3 or KMS denies access', async () => {
    const { s3, kms, options } = setup();
    s3.failNext.push(awsError('AccessDenied', 403));
    await expect(loadOrCreateNameKey(options)).rejects.toMatchObject({
      code: 'ACCESS_DENIED',
      message: /s3:GetObject/,
    });
    kms.failNext = Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' });
    await expect(loadOrCreateNameKey(options)).rejects.toMatchObject({
      code: 'ACCESS_DENIED',
      message: /kms:GenerateDataKey/,
    });
  });

  it('reports a network failure as NETWORK', async () => {
    const { s3, options } = setup();
    s3.failNext.push(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9000'), { code: 'ECONNREFUSED' }));
    expect(await codeOf(loadOrCreateNameKey(options))).toBe('NETWORK');
  });
});
