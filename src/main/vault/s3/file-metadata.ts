import { VaultError } from '../errors';

/**
 * The user metadata every file object carries (x-amz-meta-*). CopyObject keeps
 * it, so a rename or a move (which changes the key) keeps the file id, and the
 * file id is what the message is bound to (its message id), not the key.
 */
export const FILE_ID_METADATA = 'file-id';
/** The plaintext size in bytes: listings show it (the object's own size is the larger ciphertext). */
export const PLAINTEXT_SIZE_METADATA = 'plaintext-size';

/** The header a GET or HEAD response carries the file id in (what a share-link opener reads). */
export const FILE_ID_HEADER = `x-amz-meta-${FILE_ID_METADATA}`;

/**
 * A file id is its Encryption SDK message id, 256 bits in base64url (43
 * characters); files written before that carry 128 random bits (22).
 */
const FILE_ID = /^(?:[A-Za-z0-9_-]{43}|[A-Za-z0-9_-]{22})$/;

/** Whether `value` has the shape of a file id. */
export function isFileId(value: unknown): value is string {
  return typeof value === 'string' && FILE_ID.test(value);
}

/** The metadata of a new file object. */
export function fileMetadata(fileId: string, plaintextSize: number): Record<string, string> {
  return { [FILE_ID_METADATA]: fileId, [PLAINTEXT_SIZE_METADATA]: String(plaintextSize) };
}

/** What a file object's metadata says about it. */
export interface FileFacts {
  fileId: string;
  /** Absent when the metadata has no (valid) size: listings then show the object's size. */
  plaintextSize?: number;
}

/**
 * Reads the metadata of a file object (the SDK gives it lower-cased, without
 * the x-amz-meta- prefix). A missing or malformed file id means the object was
 * not written by S3 Vault or was altered: TAMPERED, since it cannot be decrypted.
 */
export function readFileFacts(metadata: Record<string, string> | undefined, subject: string): FileFacts {
  const fileId = metadata?.[FILE_ID_METADATA];
  if (!isFileId(fileId)) {
    throw new VaultError(
      'TAMPERED',
      `“${subject}” has no valid file id in its metadata: it was not stored by S3 Vault, or it was altered.`,
    );
  }
  const size = Number(metadata?.[PLAINTEXT_SIZE_METADATA]);
  return Number.isSafeInteger(size) && size >= 0 ? { fileId, plaintextSize: size } : { fileId };
}
