import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { canonicalEncryptionContext, type EncryptionContext } from './encryption-context';

/**
 * The local KMS's ciphertext blob, opaque to clients as on AWS:
 *
 *   version (1) | key id length (1) | key id (utf8) | iv (12) | ciphertext | tag (16)
 *
 * AES-256-GCM under the key's material; the additional authenticated data is
 * the header (version and key id) followed by the canonical encryption
 * context, so changing any byte, or presenting another context, fails the tag.
 */
const FORMAT_VERSION = 0x01;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface BlobHeader {
  keyId: string;
  /** Bytes of version, length and key id: the raw header is authenticated as it was received. */
  headerLength: number;
}

/** Thrown for every malformed or unauthentic blob; services answer InvalidCiphertextException. */
export class CiphertextBlobError extends Error {}

function header(keyId: string): Buffer {
  const id = Buffer.from(keyId, 'utf8');
  if (id.length > 255) throw new RangeError('key id too long for the blob header');
  return Buffer.concat([Buffer.from([FORMAT_VERSION, id.length]), id]);
}

export function sealBlob(keyId: string, material: Buffer, plaintext: Buffer, context: EncryptionContext): Buffer {
  const head = header(keyId);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', material, iv);
  cipher.setAAD(Buffer.concat([head, canonicalEncryptionContext(context)]));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([head, iv, body, cipher.getAuthTag()]);
}

/** Reads the key id without decrypting: KMS must know the key to authorize the caller first. */
export function readBlobHeader(blob: Buffer): BlobHeader {
  if (blob.length < 2 || blob[0] !== FORMAT_VERSION) throw new CiphertextBlobError('unknown blob format');
  const idLength = blob[1];
  if (idLength === 0 || blob.length < 2 + idLength + IV_BYTES + TAG_BYTES)
    throw new CiphertextBlobError('blob too short');
  return { keyId: blob.subarray(2, 2 + idLength).toString('utf8'), headerLength: 2 + idLength };
}

export function openBlob(blob: Buffer, material: Buffer, context: EncryptionContext): Buffer {
  const { headerLength: headLength } = readBlobHeader(blob);
  const iv = blob.subarray(headLength, headLength + IV_BYTES);
  const body = blob.subarray(headLength + IV_BYTES, blob.length - TAG_BYTES);
  const tag = blob.subarray(blob.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', material, iv);
  decipher.setAAD(Buffer.concat([blob.subarray(0, headLength), canonicalEncryptionContext(context)]));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new CiphertextBlobError('authentication failed');
  }
}
