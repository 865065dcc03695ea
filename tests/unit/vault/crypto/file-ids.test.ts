import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AlgorithmSuiteIdentifier,
  buildClient,
  CommitmentPolicy,
  KeyringNode,
  type EncryptedDataKey,
  type NodeDecryptionMaterial,
  type NodeEncryptionMaterial,
} from '@aws-crypto/client-node';
import { createFileCipher, type FileContext } from '../../../../src/main/vault/crypto/file-cipher';
import { VaultError } from '../../../../src/main/vault/errors';
import { isFileId } from '../../../../src/main/vault/s3/file-metadata';
import { encryptFile, owner, rawKeyring, run, runCollecting, type EncryptedFile } from './support';

const FRAME = 1024;
const key = randomBytes(32);
const cipher = createFileCipher({ keyring: rawKeyring(key), frameLength: FRAME });
const caching = createFileCipher({ keyring: rawKeyring(key), frameLength: FRAME, cacheDataKeys: true });
const { decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);

/** Decrypts `message` as `expected`: what came out, and the failure. */
const decryptAs = (expected: FileContext, message: Buffer, through = cipher) =>
  runCollecting(through.decryptStream(expected), message, 500);

async function expectTampered(expected: FileContext, message: Buffer, through = cipher): Promise<void> {
  const { output, error } = await decryptAs(expected, message, through);
  expect(error, 'the decrypt must fail').toBeInstanceOf(VaultError);
  expect((error as VaultError).code).toBe('TAMPERED');
  expect(output.length, 'nothing may come out').toBe(0);
}

async function expectDecrypts(expected: FileContext, message: Buffer, plaintext: Buffer, through = cipher) {
  const { output, error } = await decryptAs(expected, message, through);
  expect(error).toBeUndefined();
  expect(output.equals(plaintext)).toBe(true);
}

/** The data key a message carries (wrapped): equal for two messages that share one. */
async function wrappedKeyOf(message: Buffer): Promise<string> {
  const { messageHeader } = await decrypt(rawKeyring(key), message);
  expect(messageHeader.encryptedDataKeys).toHaveLength(1);
  return Buffer.from(messageHeader.encryptedDataKeys[0]!.encryptedDataKey).toString('hex');
}

describe('file ids', () => {
  it('are message ids: 32 random bytes in base64url (43 characters), one per message', async () => {
    const ids = new Set<string>();
    for (const through of [cipher, caching]) {
      for (let i = 0; i < 10; i++) {
        const { message, context } = await encryptFile(through, randomBytes(20), { plaintextLength: 20 });
        expect(context.file).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(Buffer.from(context.file, 'base64url')).toHaveLength(32);
        expect(isFileId(context.file), 'S3 metadata accepts it').toBe(true);
        const { messageHeader } = await decrypt(rawKeyring(key), message);
        expect(Buffer.from(messageHeader.messageId).toString('base64url')).toBe(context.file);
        ids.add(context.file);
      }
    }
    expect(ids.size).toBe(20);
  });

  it('are known as soon as the data key is, before any plaintext is written', async () => {
    const stream = cipher.encryptStream(owner, 5);
    const file = await stream.fileId;
    const message = await run(stream, Buffer.from('hello'));
    await expectDecrypts({ ...owner, file }, message, Buffer.from('hello'));
  });
});

describe('a message decrypts only as its own file', () => {
  const plaintextA = randomBytes(3 * FRAME + 10);
  const plaintextB = randomBytes(3 * FRAME + 10);
  let a: EncryptedFile;
  let b: EncryptedFile;
  beforeAll(async () => {
    a = await encryptFile(cipher, plaintextA);
    b = await encryptFile(cipher, plaintextB);
  });

  it('decrypts as its own file id', async () => {
    await expectDecrypts(a.context, a.message, plaintextA);
    await expectDecrypts(b.context, b.message, plaintextB);
  });

  it("fails TAMPERED as another message's file id (one swapped for another), releasing nothing", async () => {
    await expectTampered(b.context, a.message);
    await expectTampered(a.context, b.message);
  });

  /** The id with its first character changed (another valid-looking id). */
  const offByOne = (id: string) => (id.startsWith('A') ? 'B' : 'A') + id.slice(1);

  it.each([
    ['vault', (c: FileContext) => ({ ...c, vault: 'vault-2' })],
    ['owner', (c: FileContext) => ({ ...c, owner: 'us-east-1:owner-2' })],
    ['file id, by one character', (c: FileContext) => ({ ...c, file: offByOne(c.file) })],
    ['file id, for a legacy-length one', (c: FileContext) => ({ ...c, file: c.file.slice(0, 22) })],
  ])('fails TAMPERED when the %s differs', async (_label, change) => {
    await expectTampered(change(a.context), a.message);
  });

  it('holds when two messages share one data key (cacheDataKeys): the message id alone tells them apart', async () => {
    const c = await encryptFile(caching, plaintextA, { plaintextLength: plaintextA.length });
    const d = await encryptFile(caching, plaintextB, { plaintextLength: plaintextB.length });
    expect(await wrappedKeyOf(c.message)).toBe(await wrappedKeyOf(d.message));
    expect(c.context.file).not.toBe(d.context.file);
    for (const through of [cipher, caching]) {
      await expectDecrypts(c.context, c.message, plaintextA, through);
      await expectDecrypts(d.context, d.message, plaintextB, through);
      await expectTampered(d.context, c.message, through);
      await expectTampered(c.context, d.message, through);
      await expectTampered({ ...c.context, owner: 'us-east-1:owner-2' }, c.message, through);
    }
  });
});

describe('legacy messages (the file id in the encryption context)', () => {
  const LEGACY_ID = 'AbCdEfGhIjKlMnOpQrStUv'; // 22 characters: 128 bits, base64url
  const plaintext = randomBytes(2 * FRAME + 33);

  /** A message as the previous version wrote it: the SDK's stream, with `context`. */
  async function legacyMessage(context: Record<string, string>, bytes = plaintext): Promise<Buffer> {
    const stream = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT).encryptStream(rawKeyring(key), {
      suiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY,
      encryptionContext: context,
      frameLength: FRAME,
    });
    Readable.from([bytes]).pipe(stream);
    const parts: Buffer[] = [];
    for await (const part of stream) parts.push(part as Buffer);
    return Buffer.concat(parts);
  }

  let legacy: Buffer;
  let messageId: string;
  beforeAll(async () => {
    legacy = await legacyMessage({ ...owner, file: LEGACY_ID });
    messageId = Buffer.from((await decrypt(rawKeyring(key), legacy)).messageHeader.messageId).toString('base64url');
  });

  it('is a valid file id for S3 metadata', () => {
    expect(isFileId(LEGACY_ID)).toBe(true);
  });

  it('decrypts with the file id of its context, with or without data key reuse', async () => {
    await expectDecrypts({ ...owner, file: LEGACY_ID }, legacy, plaintext);
    await expectDecrypts({ ...owner, file: LEGACY_ID }, legacy, plaintext, caching);
  });

  it.each([
    ['another file id', (c: FileContext) => ({ ...c, file: 'ZyXwVuTsRqPoNmLkJiHgFe' })],
    [
      'its message id (a legacy file is its context file, not its message id)',
      (c: FileContext) => ({ ...c, file: messageId }),
    ],
    ['another vault', (c: FileContext) => ({ ...c, vault: 'vault-2' })],
    ['another owner', (c: FileContext) => ({ ...c, owner: 'us-east-1:owner-2' })],
  ])('fails TAMPERED as %s', async (_label, change) => {
    await expectTampered(change({ ...owner, file: LEGACY_ID }), legacy);
  });

  it('fails TAMPERED when the context has a key more than ours, or one fewer', async () => {
    const extra = await legacyMessage({ ...owner, file: LEGACY_ID, extra: 'x' });
    await expectTampered({ ...owner, file: LEGACY_ID }, extra);
    const noOwner = await legacyMessage({ vault: owner.vault, file: LEGACY_ID });
    await expectTampered({ ...owner, file: LEGACY_ID }, noOwner);
    // New-style, with an extra key: its message id does not make it ours either.
    const extraNew = await legacyMessage({ ...owner, extra: 'x' });
    const extraNewId = (await decrypt(rawKeyring(key), extraNew)).messageHeader.messageId;
    await expectTampered({ ...owner, file: Buffer.from(extraNewId).toString('base64url') }, extraNew);
  });
});

describe('fileId when the encryption fails', () => {
  /** A keyring whose data keys come when `release` is called, or fail with `failure`. */
  class GatedKeyring extends KeyringNode {
    readonly #inner = rawKeyring(key);
    readonly #failure: Error | undefined;
    #release!: () => void;
    readonly #gate = new Promise<void>((resolve) => (this.#release = resolve));
    calls = 0;

    constructor(failure?: Error) {
      super();
      this.#failure = failure;
    }

    release(): void {
      this.#release();
    }

    async _onEncrypt(material: NodeEncryptionMaterial): Promise<NodeEncryptionMaterial> {
      this.calls++;
      if (this.#failure) throw this.#failure;
      await this.#gate;
      return this.#inner.onEncrypt(material);
    }

    async _onDecrypt(material: NodeDecryptionMaterial, keys: EncryptedDataKey[]): Promise<NodeDecryptionMaterial> {
      return this.#inner.onDecrypt(material, keys);
    }
  }

  // vitest fails the run on an unhandled rejection too; these make the test that caused one fail.
  const unhandled: unknown[] = [];
  const uncaught: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  const onUncaught = (error: unknown) => uncaught.push(error);
  beforeEach(() => {
    unhandled.length = 0;
    uncaught.length = 0;
    process.on('unhandledRejection', onUnhandled);
    process.on('uncaughtException', onUncaught);
  });
  afterEach(() => {
    process.off('unhandledRejection', onUnhandled);
    process.off('uncaughtException', onUncaught);
  });

  /** Lets every pending callback, timer and promise job run. */
  const settle = () => sleep(50);

  it('rejects with the stream error when the keyring fails, and is never left unhandled', async () => {
    const keyring = new GatedKeyring(new Error('no data key for you'));
    const stream = createFileCipher({ keyring }).encryptStream(owner, 10);
    const errors: unknown[] = [];
    stream.on('error', (error) => errors.push(error));
    await settle(); // nobody has looked at fileId yet
    expect(keyring.calls).toBe(1);
    expect(unhandled).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'INTERNAL' });
    await expect(stream.fileId).rejects.toBe(errors[0]);
    await settle();
    expect(unhandled).toEqual([]);
    expect(uncaught).toEqual([]);
  });

  it('rejects CANCELLED when the stream is destroyed while its data key is awaited', async () => {
    const keyring = new GatedKeyring();
    const stream = createFileCipher({ keyring }).encryptStream(owner, 10);
    await sleep(10);
    expect(keyring.calls).toBe(1);
    stream.destroy();
    await settle();
    expect(unhandled).toEqual([]);
    await expect(stream.fileId).rejects.toMatchObject({ code: 'CANCELLED' });
    // The data key arriving afterwards changes nothing, and crashes nothing.
    keyring.release();
    await settle();
    await expect(stream.fileId).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(unhandled).toEqual([]);
    expect(uncaught).toEqual([]);
  });

  it('rejects with the error the stream was destroyed with, at once or after some input', async () => {
    const keyring = new GatedKeyring();
    const cancelled = new VaultError('CANCELLED', 'The upload was cancelled.');
    const first = createFileCipher({ keyring }).encryptStream(owner, 10);
    first.on('error', () => {});
    first.destroy(cancelled);
    const second = createFileCipher({ keyring }).encryptStream(owner);
    second.on('error', () => {});
    second.write(randomBytes(100));
    await sleep(10);
    second.destroy(cancelled);
    await settle();
    expect(unhandled).toEqual([]);
    await expect(first.fileId).rejects.toBe(cancelled);
    await expect(second.fileId).rejects.toBe(cancelled);
    keyring.release();
    await settle();
    expect(unhandled).toEqual([]);
    expect(uncaught).toEqual([]);
  });

  it('stays resolved when the stream fails after its header (the id was already real)', async () => {
    const stream = cipher.encryptStream(owner, 100);
    const file = await stream.fileId;
    const { error } = await runCollecting(stream, randomBytes(101));
    expect(error).toMatchObject({ code: 'CONFLICT' });
    await expect(stream.fileId).resolves.toBe(file);
    await settle();
    expect(unhandled).toEqual([]);
  });
});
