import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AlgorithmSuiteIdentifier,
  buildClient,
  CommitmentPolicy,
  MultiKeyringNode,
  RawAesKeyringNode,
} from '@aws-crypto/client-node';
import { createFileCipher, type FileContext } from '../../../../src/main/vault/crypto/file-cipher';
import { VaultError } from '../../../../src/main/vault/errors';
import { encryptFile, messageLayout, owner, rawKeyring, runCollecting } from './support';

const FRAME = 1024;
const key = randomBytes(32);
const cipher = createFileCipher({ keyring: rawKeyring(key), frameLength: FRAME });
const plaintext = randomBytes(4 * FRAME + 300); // 4 regular frames and a final one of 300 bytes
let message: Buffer;
/** The context `message` decrypts with: every test here fails only for what it changes. */
let context: FileContext;
let layout: ReturnType<typeof messageLayout>;

beforeAll(async () => {
  ({ message, context } = await encryptFile(cipher, plaintext));
  layout = messageLayout(message.length, plaintext.length, FRAME);
});

function altered(at: number): Buffer {
  const copy = Buffer.from(message);
  copy[at]! ^= 0x01;
  return copy;
}

async function expectTampered(input: Buffer, expected = context, chunkSize = 700): Promise<Buffer> {
  const { output, error } = await runCollecting(cipher.decryptStream(expected), input, chunkSize);
  expect(error, 'the decrypt must fail').toBeInstanceOf(VaultError);
  expect((error as VaultError).code).toBe('TAMPERED');
  expect((error as VaultError).message).toMatch(/integrity check|belongs to another/);
  return output;
}

describe('file cipher: altered messages', () => {
  it('decrypts the unaltered message (what the tests here alter)', async () => {
    const { output, error } = await runCollecting(cipher.decryptStream(context), message, 700);
    expect(error).toBeUndefined();
    expect(output.equals(plaintext)).toBe(true);
  });

  it('knows where the frames are (the layout the tests rely on)', () => {
    expect(layout.regular).toBe(4);
    expect(message.readUInt32BE(layout.frameStart(2))).toBe(3); // sequence number of the third frame
    expect(message.readUInt32BE(layout.finalFrameStart)).toBe(0xffffffff);
  });

  it('fails on a byte altered in the header, before releasing anything', async () => {
    for (const at of [3, 40, layout.headerLength - 20, layout.headerLength - 1]) {
      expect((await expectTampered(altered(at))).length).toBe(0);
    }
  });

  it('fails on a byte altered in a frame body, releasing only the frames before it', async () => {
    const output = await expectTampered(altered(layout.frameBodyStart(2) + 100));
    expect(output.length).toBeLessThanOrEqual(2 * FRAME);
    expect(output.equals(plaintext.subarray(0, output.length))).toBe(true);
  });

  it("fails on a byte altered in the last frame's tag, releasing nothing of that frame", async () => {
    const output = await expectTampered(altered(message.length - 1));
    expect(output.length).toBeLessThanOrEqual(4 * FRAME);
    expect(output.equals(plaintext.subarray(0, output.length))).toBe(true);
  });

  it('fails on frames in the wrong order', async () => {
    const size = FRAME + 32;
    const [a, b] = [layout.frameStart(1), layout.frameStart(2)];
    const swapped = Buffer.concat([
      message.subarray(0, a),
      message.subarray(b, b + size),
      message.subarray(a, b),
      message.subarray(b + size),
    ]);
    await expectTampered(swapped);
  });

  it('fails on every single-bit change anywhere in a message (no uncaught errors either)', async () => {
    const { message: small, context: smallContext } = await encryptFile(
      createFileCipher({ keyring: rawKeyring(key), frameLength: 64 }),
      randomBytes(150),
    );
    expect((await runCollecting(cipher.decryptStream(smallContext), small, 50)).error).toBeUndefined();
    for (let at = 0; at < small.length; at++) {
      const copy = Buffer.from(small);
      copy[at]! ^= 0x80;
      const { error } = await runCollecting(cipher.decryptStream(smallContext), copy, 50);
      expect((error as VaultError | undefined)?.code, `byte ${at}`).toBe('TAMPERED');
    }
  });
});

describe('file cipher: truncated messages', () => {
  it('fails when the last frame is dropped', async () => {
    // Authenticated frames may come out before the end is found missing (the
    // caller keeps nothing unless the stream ends); never anything else.
    const output = await expectTampered(message.subarray(0, layout.finalFrameStart));
    expect(output.length).toBeLessThanOrEqual(4 * FRAME);
    expect(output.equals(plaintext.subarray(0, output.length))).toBe(true);
  });

  it('fails when the message is cut at a frame boundary, mid-frame, mid-tag or in the header', async () => {
    for (const length of [
      layout.frameStart(3),
      layout.frameBodyStart(1) + 10,
      message.length - 1,
      message.length - 8,
      30,
      1,
    ]) {
      await expectTampered(message.subarray(0, length));
    }
  });

  it('fails on an empty object', async () => {
    await expectTampered(Buffer.alloc(0));
  });
});

describe('file cipher: messages made for something else', () => {
  it.each([
    ['vault', (expected: FileContext) => ({ ...expected, vault: 'vault-2' })],
    ['owner', (expected: FileContext) => ({ ...expected, owner: 'us-east-1:someone-else' })],
    ['file', (expected: FileContext) => ({ ...expected, file: 'A'.repeat(43) })],
  ])('fails when the %s differs, before releasing anything', async (_field, change) => {
    const { output, error } = await runCollecting(cipher.decryptStream(change(context)), message);
    expect((error as VaultError).code).toBe('TAMPERED');
    expect(output.length).toBe(0);
  });

  const { encrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
  /** The context a message the SDK made for `owner` would decrypt with, were it ours. */
  const contextOf = (messageId: Uint8Array): FileContext => ({
    ...owner,
    file: Buffer.from(messageId).toString('base64url'),
  });

  const UNSIGNED = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY;

  it('decrypts a message the SDK made as we would (what the tests below change)', async () => {
    const plaintext = randomBytes(10);
    const { result, messageHeader } = await encrypt(rawKeyring(key), plaintext, {
      suiteId: UNSIGNED,
      encryptionContext: { ...owner },
    });
    const { output, error } = await runCollecting(cipher.decryptStream(contextOf(messageHeader.messageId)), result);
    expect(error).toBeUndefined();
    expect(output.equals(plaintext)).toBe(true);
  });

  it('fails when the context has a key more than ours', async () => {
    const { result, messageHeader } = await encrypt(rawKeyring(key), randomBytes(10), {
      suiteId: UNSIGNED,
      encryptionContext: { ...owner, extra: 'x' },
    });
    expect((await expectTampered(result, contextOf(messageHeader.messageId))).length).toBe(0);
  });

  it('refuses a signed message (decryptUnsignedMessageStream), and more than one data key', async () => {
    const signed = await encrypt(rawKeyring(key), randomBytes(10), {
      suiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384,
      encryptionContext: { ...owner },
    });
    await expectTampered(signed.result, contextOf(signed.messageHeader.messageId));
    const twoKeys = new MultiKeyringNode({ generator: rawKeyring(key), children: [rawKeyring()] });
    const doubled = await encrypt(twoKeys, randomBytes(10), { suiteId: UNSIGNED, encryptionContext: { ...owner } });
    await expectTampered(doubled.result, contextOf(doubled.messageHeader.messageId));
  });

  it('fails on a message whose data key was wrapped by another key', async () => {
    const other: RawAesKeyringNode = rawKeyring();
    const foreign = await encryptFile(createFileCipher({ keyring: other }), randomBytes(10));
    expect((await expectTampered(foreign.message, foreign.context)).length).toBe(0);
  });
});
