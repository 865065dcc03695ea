import { randomBytes } from 'node:crypto';
import { Readable, Writable, type Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { expect } from 'vitest';
import {
  KeyringNode,
  RawAesKeyringNode,
  RawAesWrappingSuiteIdentifier,
  type EncryptedDataKey,
  type NodeDecryptionMaterial,
  type NodeEncryptionMaterial,
} from '@aws-crypto/client-node';
import type { FileCipher, FileContext, OwnerContext } from '../../../../src/main/vault/crypto/file-cipher';

/** A keyring that needs no KMS: a random 256-bit wrapping key, or `key`. */
export function rawKeyring(key: Uint8Array = randomBytes(32)): RawAesKeyringNode {
  return new RawAesKeyringNode({
    keyName: 'test-key',
    keyNamespace: 's3vault-tests',
    // A copy: the keyring takes the buffer it is given (and zeroes it when done).
    unencryptedMasterKey: Uint8Array.from(key),
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  });
}

/** The vault and owner the test files belong to (their file ids come from encryptFile). */
export const owner: OwnerContext = { vault: 'vault-1', owner: 'us-east-1:owner-1' };

export interface EncryptFileOptions {
  /** Whose file it is: `owner` unless given. */
  owner?: OwnerContext;
  /** Declared to the cipher (CONFLICT unless exactly that many bytes are written, and data key reuse). */
  plaintextLength?: number;
  /** The size of the chunks written to the encrypt stream. */
  chunkSize?: number;
}

/** A message, and the context it decrypts with: its owner's, and its file id. */
export interface EncryptedFile {
  message: Buffer;
  context: FileContext;
}

/** Encrypts `plaintext` as a file; its context's `file` is the stream's fileId. */
export async function encryptFile(
  cipher: FileCipher,
  plaintext: Uint8Array,
  options: EncryptFileOptions = {},
): Promise<EncryptedFile> {
  const whose = options.owner ?? owner;
  const stream = cipher.encryptStream(whose, options.plaintextLength);
  const message = await run(stream, plaintext, options.chunkSize);
  return { message, context: { vault: whose.vault, owner: whose.owner, file: await stream.fileId } };
}

/** Splits a buffer into chunks of `size` (the last may be shorter). */
export function chunks(data: Uint8Array, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += size)
    out.push(Buffer.from(data.subarray(offset, offset + size)));
  return out;
}

/** Runs `data` through a stream in chunks of `chunkSize`; resolves with all output. */
export async function run(stream: Duplex, data: Uint8Array, chunkSize = 64 * 1024): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(
    Readable.from(chunks(data, chunkSize)),
    stream,
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        out.push(chunk);
        callback();
      },
    }),
  );
  return Buffer.concat(out);
}

/** Like run(), but also returns what came out before a failure, and the failure. */
export async function runCollecting(
  stream: Duplex,
  data: Uint8Array,
  chunkSize = 64 * 1024,
): Promise<{ output: Buffer; error: unknown }> {
  const out: Buffer[] = [];
  let error: unknown;
  try {
    await pipeline(
      Readable.from(chunks(data, chunkSize)),
      stream,
      new Writable({
        write(chunk: Buffer, _encoding, callback) {
          out.push(chunk);
          callback();
        },
      }),
    );
  } catch (caught) {
    error = caught;
  }
  return { output: Buffer.concat(out), error };
}

/**
 * Where things are in a framed, unsigned message (format v2): the header, then
 * `regular` frames of 4 (sequence) + 12 (IV) + frameLength + 16 (tag) bytes,
 * then the final frame: 4 (0xFFFFFFFF) + 4 + 12 + 4 (length) + rest + 16.
 */
export function messageLayout(messageLength: number, plaintextLength: number, frameLength: number) {
  const regular = Math.floor(plaintextLength / frameLength);
  const rest = plaintextLength - regular * frameLength;
  const regularSize = 4 + 12 + frameLength + 16;
  const finalSize = 4 + 4 + 12 + 4 + rest + 16;
  const headerLength = messageLength - regular * regularSize - finalSize;
  return {
    headerLength,
    regular,
    frameStart: (index: number) => headerLength + index * regularSize,
    frameBodyStart: (index: number) => headerLength + index * regularSize + 16,
    finalFrameStart: headerLength + regular * regularSize,
  };
}

/**
 * A raw AES keyring that counts its calls and remembers the data keys it
 * wrapped, so a message can be traced to the data key it carries.
 */
export class CountingKeyring extends KeyringNode {
  readonly #inner: KeyringNode;
  /** The wrapped data keys generated, in order (one per onEncrypt). */
  readonly generated: Buffer[] = [];
  decrypts = 0;

  constructor(key: Uint8Array) {
    super();
    this.#inner = rawKeyring(key);
  }

  get encrypts(): number {
    return this.generated.length;
  }

  async _onEncrypt(material: NodeEncryptionMaterial): Promise<NodeEncryptionMaterial> {
    const result = await this.#inner.onEncrypt(material);
    this.generated.push(Buffer.from(result.encryptedDataKeys.at(-1)!.encryptedDataKey));
    return result;
  }

  async _onDecrypt(material: NodeDecryptionMaterial, keys: EncryptedDataKey[]): Promise<NodeDecryptionMaterial> {
    this.decrypts++;
    return this.#inner.onDecrypt(material, keys);
  }

  /** Which generated data key `message` carries (its index), from its header. */
  keyOf(message: Buffer): number {
    const header = message.subarray(0, 4096);
    const found = this.generated.flatMap((wrapped, index) => (header.includes(wrapped) ? [index] : []));
    expect(found, 'a message carries exactly one of the data keys generated').toHaveLength(1);
    return found[0]!;
  }
}
