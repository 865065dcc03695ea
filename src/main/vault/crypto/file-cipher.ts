import { type Duplex, Transform } from 'node:stream';
import {
  AlgorithmSuiteIdentifier,
  buildClient,
  CommitmentPolicy,
  type KeyringNode,
  type MessageHeader,
  NodeAlgorithmSuite,
} from '@aws-crypto/client-node';
import { VaultError } from '../errors';
import { cachingMaterials } from './data-key-reuse';
import { kmsErrorToVaultError, TAMPERED_MESSAGE } from './kms-errors';
import { SdkStreamGuard } from './sdk-stream-guard';
import { decryptWhole, MessageDecryptor, type MessageDecryptorOptions } from './message-decryptor';
import { asBuffer, materialsFor } from './message-format';
import { encryptWhole } from './whole-message';

/**
 * The encryption context of every file message: sent to KMS with its data key
 * (where the IAM policy checks `vault` and `owner`), authenticated in the
 * message, and checked on decrypt so a file cannot pass for another person's.
 *
 * It holds no per-file value, so that files encrypted close together can share
 * one KMS data key (see createFileCipher's `materials`). A file is bound to
 * its id instead by the message id: 256 random bits chosen by the Encryption
 * SDK for each message, authenticated in its header, and used as the file id.
 */
export interface OwnerContext {
  /** The vault's id (its stack name). */
  vault: string;
  /** The owner's Cognito identity id. */
  owner: string;
}

/** What a file message must be, to decrypt: its owner's context and its file id. */
export interface FileContext extends OwnerContext {
  /**
   * The file id: the message id (base64url). Files written before file ids were
   * message ids carry a random id in an encryption-context key `file` instead.
   */
  file: string;
}

/** An encrypting stream, and the id of the file it makes (known once its data key is). */
export interface EncryptStream extends Duplex {
  /** Rejects if the stream fails before its header exists; never left unhandled. */
  readonly fileId: Promise<string>;
}

/**
 * Default frame length, chosen by measurement: `node tests/bench/frame-length.mjs
 * 256 3 <chunk KiB>` encrypts 256 MiB with a raw AES keyring and decrypts it
 * again with the SDK's streams (Node 20, 2 cores, best of 3 runs, MB/s of
 * plaintext; decrypts now go through message-decryptor.ts instead):
 *
 *   frame     64 KiB chunks in      16 KiB chunks in     size overhead
 *             encrypt  decrypt      encrypt  decrypt
 *   4 KiB       190      163          166      142          0.78 %
 *   16 KiB      453      389          415      336          0.20 %
 *   64 KiB      848      496          656      489          0.05 %
 *   128 KiB     982      546          830      404          0.03 %
 *   256 KiB    1187      580          930      461          0.01 %
 *   1 MiB      1370      711          992      493          0.00 %
 *
 * The SDK does a fixed amount of work (and an event-loop turn) per frame and
 * per chunk, so small frames are slow: 4 KiB, the SDK's default, is 4-6 times
 * slower than 256 KiB. Across runs 256 KiB and 1 MiB were within noise of
 * each other (an earlier run had 256 KiB ahead: 1261 vs 917 MB/s encrypting),
 * but a decrypt buffers a whole frame before it releases it, so 1 MiB would
 * hold four times the memory per transfer for little gain. Both are far above
 * what a network upload or download reaches.
 */
export const DEFAULT_FRAME_LENGTH = 256 * 1024;

/**
 * The largest frame a decrypt accepts (`maxBodySize`): a decrypt buffers a
 * whole frame before it authenticates and releases it, so a message claiming
 * huge frames (or no framing) must not make us buffer the whole file.
 */
export const MAX_FRAME_LENGTH = 4 * 1024 * 1024;

/**
 * Messages we write carry one encrypted data key (the vault key's); a decrypt
 * refuses more, so a crafted message cannot make us try many KMS calls.
 */
const MAX_ENCRYPTED_DATA_KEYS = 1;

const SUITE = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY;
const SUITE_OF_FILES = new NodeAlgorithmSuite(SUITE);

/** Streams that encrypt and decrypt files as AWS Encryption SDK messages. */
export interface FileCipher {
  /**
   * Plaintext in, Encryption SDK message out (format v2, committing suite
   * 0x0478, framed, unsigned). With `plaintextLength`, the stream fails with
   * CONFLICT unless exactly that many bytes are written (the file changed
   * while it was read).
   */
  encryptStream(owner: OwnerContext, plaintextLength?: number): EncryptStream;
  /**
   * Message in, plaintext out. Each frame is released only after its tag is
   * checked; a message that is altered, truncated, or made for another
   * context fails with TAMPERED (after the frames before the damage were
   * released: write to a temporary file and keep it only if the stream ends).
   */
  decryptStream(expected: FileContext): Duplex;
  /** `plaintext` as one whole message (for small files held in memory), and its file id. */
  encryptMessage(owner: OwnerContext, plaintext: Uint8Array): Promise<{ fileId: string; message: Buffer }>;
  /**
   * A whole message's plaintext, released only once every frame is
   * authenticated; fails as decryptStream does.
   */
  decryptMessage(expected: FileContext, message: Uint8Array): Promise<Buffer>;
  /** Forgets the data keys kept for reuse (the session ended). */
  close(): void;
}

export interface FileCipherOptions {
  /** Where data keys come from: the vault's KMS keyring (a raw AES keyring in tests). */
  keyring: KeyringNode;
  /**
   * Reuse each data key for several messages, within DATA_KEY_REUSE's limits (data-key-reuse.ts)
   * (the Encryption SDK's caching materials manager), instead of one KMS call
   * per file. Decrypted data keys are reused the same way.
   */
  cacheDataKeys?: boolean;
  frameLength?: number;
}

/** Creates the file cipher. */
export function createFileCipher(options: FileCipherOptions): FileCipher {
  const { keyring, frameLength = DEFAULT_FRAME_LENGTH } = options;
  if (!Number.isInteger(frameLength) || frameLength < 1 || frameLength > MAX_FRAME_LENGTH) {
    throw new VaultError(
      'INVALID_INPUT',
      `The frame length must be a whole number of bytes from 1 to ${MAX_FRAME_LENGTH}.`,
    );
  }
  const client = buildClient({
    commitmentPolicy: CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT,
    maxEncryptedDataKeys: MAX_ENCRYPTED_DATA_KEYS,
  });

  const materials = options.cacheDataKeys ? cachingMaterials(keyring) : undefined;

  const decryptorOptions = (expected: FileContext): MessageDecryptorOptions => {
    checkContext(expected);
    return {
      materials: materialsFor(materials?.forPlaintext(undefined) ?? keyring),
      maxEncryptedDataKeys: MAX_ENCRYPTED_DATA_KEYS,
      maxFrameLength: MAX_FRAME_LENGTH,
      checkHeader(header) {
        if (!isMessageOf(header, expected)) throw notThisFile();
      },
    };
  };
  const decryptorFor = (expected: FileContext) => new MessageDecryptor(decryptorOptions(expected));

  const cipher: FileCipher = {
    encryptStream(owner, plaintextLength) {
      checkContext(owner);
      if (plaintextLength !== undefined && (!Number.isSafeInteger(plaintextLength) || plaintextLength < 0)) {
        throw new VaultError('INVALID_INPUT', 'The plaintext length must be a whole number of bytes.');
      }
      // plaintextLength is enforced here, not passed to the SDK: 5.0.2 counts
      // the rest of a chunk twice when the chunk crosses a frame boundary, and
      // then fails a correct stream ("Encrypted data exceeded plaintextLength"),
      // from inside a pipeline that throws its error past every listener.
      const inner = client.encryptStream(materials?.forPlaintext(plaintextLength) ?? keyring, {
        suiteId: SUITE,
        encryptionContext: { vault: owner.vault, owner: owner.owner },
        frameLength,
      });
      let written = 0;
      const changed = () =>
        new VaultError(
          'CONFLICT',
          `The file changed while it was being encrypted: expected ${plaintextLength} bytes, read ${written}. Try again.`,
        );
      const guard = new SdkStreamGuard(inner, {
        toVaultError: (error) =>
          kmsErrorToVaultError(error, 'kms:GenerateDataKey') ??
          new VaultError('INTERNAL', 'The file could not be encrypted.', { cause: error }),
        // Never destroy an SDK encrypt stream: its internal pipeline has no
        // callback, so a destroy before the end throws "Premature close" as an
        // uncaught exception. Ending it and discarding its output lets it
        // finish (and dispose of its data key) on its own.
        release(stream) {
          stream.end();
          stream.resume();
        },
        onWrite(chunk) {
          written += chunk.length;
          if (plaintextLength !== undefined && written > plaintextLength) throw changed();
        },
        onFinal() {
          if (plaintextLength !== undefined && written !== plaintextLength) throw changed();
        },
      });
      const fileId = new Promise<string>((resolve, reject) => {
        inner.once('MessageHeader', (header: MessageHeader) => resolve(fileIdOf(header)));
        guard.once('close', () => reject(guard.errored ?? new VaultError('CANCELLED', 'The encryption was stopped.')));
      });
      fileId.catch(() => {});
      return Object.assign(guard, { fileId });
    },

    close() {
      materials?.close();
    },

    decryptStream(expected) {
      const decryptor = decryptorFor(expected);
      return new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          decryptor.write(chunk).then(
            (plaintext) => {
              for (const piece of plaintext) this.push(piece);
              callback();
            },
            (error: unknown) => callback(decryptError(error)),
          );
        },
        flush(callback) {
          try {
            decryptor.end();
            callback();
          } catch (error) {
            callback(decryptError(error));
          }
        },
        destroy(error, callback) {
          decryptor.close();
          callback(error);
        },
      });
    },

    async encryptMessage(owner, plaintext) {
      checkContext(owner);
      try {
        const { message, messageId } = await encryptWhole(asBuffer(plaintext), {
          materials: materialsFor(materials?.forPlaintext(plaintext.byteLength) ?? keyring),
          suite: SUITE_OF_FILES,
          encryptionContext: { vault: owner.vault, owner: owner.owner },
          frameLength,
          maxEncryptedDataKeys: MAX_ENCRYPTED_DATA_KEYS,
        });
        return { fileId: Buffer.from(messageId).toString('base64url'), message };
      } catch (error) {
        throw (
          kmsErrorToVaultError(error, 'kms:GenerateDataKey') ??
          new VaultError('INTERNAL', 'The file could not be encrypted.', { cause: error })
        );
      }
    },

    async decryptMessage(expected, message) {
      try {
        return await decryptWhole(message, decryptorOptions(expected));
      } catch (error) {
        throw decryptError(error);
      }
    },
  };
  return cipher;
}

/** A decrypt's failure as a VaultError: KMS's own, else the message is not intact (or not ours). */
function decryptError(error: unknown): VaultError {
  if (error instanceof VaultError) return error;
  return kmsErrorToVaultError(error, 'kms:Decrypt') ?? new VaultError('TAMPERED', TAMPERED_MESSAGE, { cause: error });
}

function notThisFile(): VaultError {
  return new VaultError('TAMPERED', 'This file belongs to another vault, person or file: it was moved or altered.');
}

function checkContext(context: OwnerContext): void {
  for (const key of ['vault', 'owner'] as const) {
    if (typeof context[key] !== 'string' || context[key] === '') {
      throw new VaultError('INVALID_INPUT', `The file's ${key} is missing.`);
    }
  }
}

/** A message id (32 bytes) in base64url. */
const MESSAGE_ID_CHARS = 43;

/** The file id of a message: its message id, base64url. */
function fileIdOf(header: MessageHeader): string {
  return Buffer.from(header.messageId).toString('base64url');
}

/**
 * Whether the message is the expected file: exactly our context keys with the
 * expected values (no more, no fewer), and the expected file id — the message
 * id, or (files written before) the context's `file`.
 */
function isMessageOf(header: MessageHeader, expected: FileContext): boolean {
  const actual = header.encryptionContext;
  const keys = Object.keys(actual).sort().join(',');
  if (actual.vault !== expected.vault || actual.owner !== expected.owner) return false;
  // Each kind of file id is accepted only from its own kind of message.
  if (keys === 'owner,vault') return expected.file.length === MESSAGE_ID_CHARS && fileIdOf(header) === expected.file;
  return keys === 'file,owner,vault' && expected.file.length !== MESSAGE_ID_CHARS && actual.file === expected.file;
}
