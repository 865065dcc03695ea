import { randomBytes } from 'node:crypto';

/** Base32 as AWS access key ids use it: upper-case letters and digits 2–7. */
const KEY_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function randomString(alphabet: string, length: number): string {
  // Alphabets here have 32 or 64 symbols, so `byte % length` is unbiased.
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

/**
 * A temporary access key id: `ASIA` + 16 base32 characters, like STS issues,
 * so tools that tell long-term keys (AKIA) from session keys (ASIA) behave as on AWS.
 */
export function newTemporaryAccessKeyId(): string {
  return `ASIA${randomString(KEY_ID_ALPHABET, 16)}`;
}

/** A 40-character secret access key, the length AWS uses. */
export function newSecretAccessKey(): string {
  return randomString(SECRET_ALPHABET, 40);
}

/**
 * An opaque session token. Real ones are long base64 blobs; clients only echo
 * them back, so random bytes of a similar size are enough and keep header
 * handling realistic (a few hundred characters in X-Amz-Security-Token).
 */
export function newSessionToken(): string {
  return randomBytes(288).toString('base64');
}
