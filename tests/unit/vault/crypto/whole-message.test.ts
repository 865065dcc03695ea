import { randomBytes } from 'node:crypto';
import { finished } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import {
  AlgorithmSuiteIdentifier,
  buildClient,
  CommitmentPolicy,
  type EncryptedDataKey,
  type NodeDecryptionMaterial,
} from '@aws-crypto/client-node';
import { createFileCipher, type FileContext } from '../../../../src/main/vault/crypto/file-cipher';
import { messageShape, plaintextSizeOf } from '../../../../src/main/vault/crypto/message-size';
import { VaultError } from '../../../../src/main/vault/errors';
import { CountingKeyring, encryptFile, messageLayout, owner, rawKeyring, run } from './support';

const FRAME = 64;
const key = randomBytes(32);
const cipher = createFileCipher({ keyring: rawKeyring(key), frameLength: FRAME });

async function encryptWhole(plaintext: Buffer, through = cipher) {
  const { message, fileId } = await through.encryptMessage(owner, plaintext);
  return { message, context: { ...owner, file: fileId } satisfies FileContext };
}

async function expectTampered(message: Buffer, context: FileContext, pattern = /integrity check/): Promise<void> {
  const error: unknown = await cipher.decryptMessage(context, message).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, 'the decrypt must fail').toBeInstanceOf(VaultError);
  expect((error as VaultError).code).toBe('TAMPERED');
  expect((error as VaultError).message).toMatch(pattern);
}

// Lengths around the frame boundaries: empty, short, exactly one frame, several.
const lengths = [0, 1, FRAME - 1, FRAME, FRAME + 1, 3 * FRAME, 3 * FRAME + 7];

describe('whole messages', () => {
  it.each(lengths)('round-trips %i bytes, with the message id as the file id', async (length) => {
    const plaintext = randomBytes(length);
    const { message, context } = await encryptWhole(plaintext);
    expect(context.file).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await cipher.decryptMessage(context, message)).equals(plaintext)).toBe(true);
  });

  it.each(lengths)(
    'makes %i bytes into the message the SDK stream makes, and each decrypts the other',
    async (length) => {
      const plaintext = randomBytes(length);
      const whole = await encryptWhole(plaintext);
      const streamed = await encryptFile(cipher, plaintext, { chunkSize: 50 });
      // Same layout: listings derive plaintext sizes from message sizes.
      expect(whole.message.length).toBe(streamed.message.length);
      const shape = messageShape(whole.message)!;
      expect(plaintextSizeOf(whole.message.length, shape)).toBe(length);
      expect((await run(cipher.decryptStream(whole.context), whole.message, 50)).equals(plaintext)).toBe(true);
      expect((await cipher.decryptMessage(streamed.context, streamed.message)).equals(plaintext)).toBe(true);
    },
  );

  it('is accepted by the SDK client itself', async () => {
    const plaintext = randomBytes(3 * FRAME + 7);
    const { message, context } = await encryptWhole(plaintext);
    const { decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
    const result = await decrypt(rawKeyring(key), message);
    expect(result.plaintext.equals(plaintext)).toBe(true);
    expect(Buffer.from(result.messageHeader.messageId).toString('base64url')).toBe(context.file);
    expect(result.messageHeader.encryptionContext).toEqual(owner);
    expect(result.messageHeader.frameLength).toBe(FRAME);
  });

  describe('refuses', () => {
    const plaintext = randomBytes(2 * FRAME + 20);

    it('every single-bit change, anywhere in the message', async () => {
      const { message, context } = await encryptWhole(plaintext);
      for (let at = 0; at < message.length; at++) {
        const copy = Buffer.from(message);
        copy[at]! ^= 0x01;
        await expectTampered(copy, context, /integrity check|belongs to another/);
      }
    });

    it('every truncation, and a byte after the final frame', async () => {
      const { message, context } = await encryptWhole(plaintext);
      for (let length = 0; length < message.length; length++) {
        await expectTampered(message.subarray(0, length), context);
      }
      await expectTampered(Buffer.concat([message, Buffer.from([0])]), context);
    });

    it('swapped frames', async () => {
      const { message, context } = await encryptWhole(plaintext);
      const layout = messageLayout(message.length, plaintext.length, FRAME);
      const [first, second] = [0, 1].map((index) =>
        message.subarray(layout.frameStart(index), layout.frameStart(index + 1)),
      );
      const swapped = Buffer.concat([
        message.subarray(0, layout.frameStart(0)),
        second!,
        first!,
        message.subarray(layout.frameStart(2)),
      ]);
      await expectTampered(swapped, context);
    });

    it("another file's, person's or vault's message, before asking for its data key", async () => {
      const keyring = new CountingKeyring(key);
      const counting = createFileCipher({ keyring, frameLength: FRAME });
      const { message, context } = await encryptWhole(plaintext);
      const other = (await encryptWhole(plaintext)).context.file;
      for (const expected of [
        { ...context, file: other },
        { ...context, owner: 'us-east-1:someone-else' },
        { ...context, vault: 'another-vault' },
      ]) {
        await expect(counting.decryptMessage(expected, message)).rejects.toMatchObject({
          code: 'TAMPERED',
          message: expect.stringMatching(/belongs to another/),
        });
      }
      expect(keyring.decrypts).toBe(0);
      expect((await counting.decryptMessage(context, message)).equals(plaintext)).toBe(true);
      expect(keyring.decrypts).toBe(1);
    });

    it('signed messages and messages without key commitment', async () => {
      const signed = await buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT).encrypt(
        rawKeyring(key),
        plaintext,
        {
          suiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384,
          encryptionContext: { ...owner },
        },
      );
      const uncommitted = await buildClient(CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT).encrypt(
        rawKeyring(key),
        plaintext,
        { suiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA256, encryptionContext: { ...owner } },
      );
      for (const { result, messageHeader } of [signed, uncommitted]) {
        const file = Buffer.from(messageHeader.messageId).toString('base64url');
        await expectTampered(result, { ...owner, file }, /integrity check/);
      }
    });
  });

  it('decrypts a stream whose chunks are reused by their owner once written', async () => {
    const plaintext = randomBytes(5 * FRAME + 3);
    const { message, context } = await encryptWhole(plaintext);
    const stream = cipher.decryptStream(context);
    const out: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => out.push(chunk));
    const done = finished(stream);
    for (let offset = 0; offset < message.length; offset += 90) {
      const chunk = Buffer.from(message.subarray(offset, offset + 90));
      await new Promise((resolve) => stream.write(chunk, resolve));
      chunk.fill(0);
    }
    stream.end();
    await done;
    expect(Buffer.concat(out).equals(plaintext)).toBe(true);
  });

  it('forgets the data key of a decrypt stopped while the key was on its way', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const materials: NodeDecryptionMaterial[] = [];
    class SlowKeyring extends CountingKeyring {
      override async _onDecrypt(material: NodeDecryptionMaterial, keys: EncryptedDataKey[]) {
        await gate;
        materials.push(await super._onDecrypt(material, keys));
        return material;
      }
    }
    const slow = createFileCipher({ keyring: new SlowKeyring(key), frameLength: FRAME });
    const { message, context } = await encryptWhole(randomBytes(3 * FRAME));
    const stream = slow.decryptStream(context);
    stream.on('error', () => {});
    // The header and part of a frame: the message cannot complete (and dispose of the key) by itself.
    stream.write(message.subarray(0, message.length - FRAME));
    await new Promise((resolve) => setTimeout(resolve, 10));
    stream.destroy();
    release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(materials).toHaveLength(1);
    expect(materials[0]!.hasUnencryptedDataKey).toBe(false);
  });

  it('shares a data key between small messages when reuse is on, and each still decrypts', async () => {
    const keyring = new CountingKeyring(key);
    const reusing = createFileCipher({ keyring, frameLength: FRAME, cacheDataKeys: true });
    // One after another: concurrent first messages would each miss the empty cache.
    const files = [];
    for (let count = 0; count < 3; count++) files.push(await encryptWhole(randomBytes(100), reusing));
    for (const { message, context } of files) expect((await reusing.decryptMessage(context, message)).length).toBe(100);
    expect(keyring.decrypts, 'one unwrap for the shared data key').toBe(1);
    expect(new Set(files.map(({ context }) => context.file)).size).toBe(3);
  });
});
