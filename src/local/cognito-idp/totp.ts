/**
 * TOTP as Cognito's SOFTWARE_TOKEN_MFA uses it: RFC 6238 with HMAC-SHA-1,
 * 6 digits, 30-second steps, one step of tolerance either side; secrets are
 * shared as RFC 4648 base32 (what authenticator apps read from a QR code).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** Seconds per step. */
const TOTP_STEP_SECONDS = 30;

/** RFC 4648 base32 without padding. */
export function base32Encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** Decodes base32 (case-insensitive, padding and spaces ignored); throws on other characters. */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of clean) {
    const index = ALPHABET.indexOf(char);
    if (index < 0) throw new Error(`invalid base32 character ${JSON.stringify(char)}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A new shared secret: 160 bits (RFC 4226's recommendation for SHA-1), base32 — 32 characters like Cognito's. */
export function newTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

/** The time step that contains `epochMs`. */
export function totpStep(epochMs: number): number {
  return Math.floor(epochMs / 1000 / TOTP_STEP_SECONDS);
}

/** The 6-digit code of `secret` (base32) for one time step (RFC 4226 dynamic truncation). */
export function totpCode(secret: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, '0');
}

/**
 * Checks `code` against the steps around `epochMs` (±1). Returns the matching
 * step, or null. Steps at or before `lastUsedStep` are refused: RFC 6238 §5.2
 * says a code must not be accepted twice, so a code seen over a shoulder or
 * in a log cannot be replayed within its window.
 */
export function verifyTotp(secret: string, code: unknown, epochMs: number, lastUsedStep?: number): number | null {
  if (typeof code !== 'string' || !/^\d{6}$/.test(code)) return null;
  const current = totpStep(epochMs);
  let matched: number | null = null;
  for (const step of [current - 1, current, current + 1]) {
    // Compare every candidate (no early exit) so timing does not tell which step matched.
    const equal = timingSafeEqual(Buffer.from(totpCode(secret, step)), Buffer.from(code));
    if (equal && matched === null && (lastUsedStep === undefined || step > lastUsedStep)) matched = step;
  }
  return matched;
}
