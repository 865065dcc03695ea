/**
 * Server side of Cognito's SRP-6a variant (USER_SRP_AUTH), computed exactly as
 * amazon-cognito-identity-js computes the client side (AuthenticationHelper):
 * RFC 3526 group 15, g = 2, SHA-256 over bytes decoded from "padHex" strings,
 * HKDF-SHA256 with info "Caldera Derived Key". See AWS-FACTS.md, SRP section.
 *
 * The server stores only the salt and the verifier v = g^x mod N; the password
 * itself never reaches it in this flow.
 */
import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

const N_HEX =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
  'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
  'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
  '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
  'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
  '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
  'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
  'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF';

/** The 3072-bit MODP prime of RFC 3526 (group 15). */
export const N = BigInt(`0x${N_HEX}`);
/** The generator. */
export const g = 2n;

/**
 * Minimal two's-complement hex of a non-negative integer, as Java's
 * BigInteger.toByteArray() gives it: even length, and a leading 00 when the
 * first nibble is 8–f. Only non-negative values occur on the server side.
 */
export function padHex(value: bigint): string {
  if (value < 0n) throw new RangeError('padHex: negative values are not used by the server');
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  if (/^[89a-f]/.test(hex)) hex = `00${hex}`;
  return hex;
}

function sha256(data: Buffer | string): Buffer {
  return createHash('sha256').update(data).digest();
}

/** SHA-256 of the bytes a hex string encodes, as hex (the library's hexHash). */
function hexHash(hex: string): string {
  return sha256(Buffer.from(hex, 'hex')).toString('hex');
}

function hexToBigInt(hex: string): bigint {
  return BigInt(`0x${hex}`);
}

/** base^exponent mod modulus, square-and-multiply (≈ 4 ms for a 256-bit exponent here). */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    e >>= 1n;
    b = (b * b) % modulus;
  }
  return result;
}

/** k = H(padHex(N) ‖ padHex(g)) — g is not padded to N's length (Cognito's quirk). */
export const k = hexToBigInt(hexHash(padHex(N) + padHex(g)));

/** The part of the user pool id after the underscore, which Cognito mixes into x and the signature. */
export function poolNameOf(userPoolId: string): string {
  const index = userPoolId.indexOf('_');
  return index < 0 ? userPoolId : userPoolId.slice(index + 1);
}

/** A fresh 128-bit salt, as hex. */
export function newSalt(): string {
  return randomBytes(16).toString('hex');
}

/**
 * x = H(padHex(salt) ‖ H(utf8(poolName ‖ userIdForSrp ‖ ":" ‖ password))).
 * The salt is re-padded through BigInt because the client parses SALT as a
 * number and pads it again: leading zeros or a high first nibble change the bytes.
 */
function privateValue(poolName: string, userIdForSrp: string, password: string, saltHex: string): bigint {
  const inner = sha256(`${poolName}${userIdForSrp}:${password}`).toString('hex');
  return hexToBigInt(hexHash(padHex(hexToBigInt(saltHex)) + inner));
}

/** The verifier v = g^x mod N (hex) to store for a password. */
export function computeVerifier(poolName: string, userIdForSrp: string, password: string, saltHex: string): string {
  return modPow(g, privateValue(poolName, userIdForSrp, password, saltHex), N).toString(16);
}

/** Checks a plain password against a stored salt and verifier (ChangePassword, USER_PASSWORD_AUTH). */
export function passwordMatches(
  poolName: string,
  userIdForSrp: string,
  password: string,
  saltHex: string,
  verifierHex: string,
): boolean {
  const candidate = Buffer.from(padHex(hexToBigInt(computeVerifier(poolName, userIdForSrp, password, saltHex))), 'hex');
  const stored = Buffer.from(padHex(hexToBigInt(verifierHex)), 'hex');
  return candidate.length === stored.length && timingSafeEqual(candidate, stored);
}

/** The server's ephemeral pair: b secret, B = (k·v + g^b) mod N public. */
export function serverEphemeral(verifierHex: string): { b: bigint; B: bigint } {
  const v = hexToBigInt(verifierHex);
  for (;;) {
    const b = hexToBigInt(randomBytes(32).toString('hex'));
    const B = (k * v + modPow(g, b, N)) % N;
    // The client aborts on B mod N = 0; drawing again is cheaper than failing a sign-in.
    if (B !== 0n && b !== 0n) return { b, B };
  }
}

/** Parses the client's SRP_A (plain hex, as BigInteger.toString(16) writes it); null when unusable. */
export function parseClientPublic(srpA: string): bigint | null {
  if (!/^[0-9a-fA-F]{1,1024}$/.test(srpA)) return null;
  const A = hexToBigInt(srpA);
  // A mod N = 0 would force S = 0 whatever the password: the classic SRP bypass.
  return A % N === 0n ? null : A;
}

/**
 * The 16-byte key both sides derive: u = H(padHex(A) ‖ padHex(B)),
 * S = (A·v^u)^b mod N, key = HKDF-SHA256(salt = padHex(u), ikm = padHex(S), "Caldera Derived Key").
 * Returns null when u = 0 (the client would abort as well).
 */
export function serverSessionKey(A: bigint, B: bigint, b: bigint, verifierHex: string): Buffer | null {
  const u = hexToBigInt(hexHash(padHex(A) + padHex(B)));
  if (u === 0n) return null;
  const v = hexToBigInt(verifierHex);
  const S = modPow((A * modPow(v, u, N)) % N, b, N);
  const key = hkdfSync(
    'sha256',
    Buffer.from(padHex(S), 'hex'),
    Buffer.from(padHex(u), 'hex'),
    Buffer.from('Caldera Derived Key', 'utf8'),
    16,
  );
  return Buffer.from(key);
}

/** PASSWORD_CLAIM_SIGNATURE = HMAC-SHA256(key, poolName ‖ userIdForSrp ‖ base64decode(SECRET_BLOCK) ‖ TIMESTAMP). */
export function claimSignature(
  key: Buffer,
  poolName: string,
  userIdForSrp: string,
  secretBlock: string,
  timestamp: string,
): Buffer {
  return createHmac('sha256', key)
    .update(Buffer.from(poolName, 'utf8'))
    .update(Buffer.from(userIdForSrp, 'utf8'))
    .update(Buffer.from(secretBlock, 'base64'))
    .update(Buffer.from(timestamp, 'utf8'))
    .digest();
}

/** Constant-time check of a client's base64 signature against the expected bytes. */
export function signatureMatches(expected: Buffer, claimedBase64: string): boolean {
  const claimed = Buffer.from(claimedBase64, 'base64');
  return claimed.length === expected.length && timingSafeEqual(claimed, expected);
}
