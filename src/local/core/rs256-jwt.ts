/**
 * Compact RS256 JSON Web Tokens on node:crypto (no dependency): what the user
 * pool's ID and access tokens and the identity pool's OpenID tokens need.
 */
import { createSign, createVerify, type KeyObject } from 'node:crypto';

/** An RSA key pair and the `kid` its tokens carry so verifiers can find it in a JWKS. */
export interface Rs256Key {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** Tokens longer than this are refused unparsed: no issuer of ours makes one. */
const MAX_TOKEN_LENGTH = 16_384;

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

/**
 * Signs `payload` with RS256. The header is `{kid, ...extraHeader, alg}`, so a
 * service can add what its real counterpart sends (Cognito Identity's `typ`).
 */
export function signJwt(
  payload: Record<string, unknown>,
  key: Pick<Rs256Key, 'kid' | 'privateKey'>,
  extraHeader: Record<string, string> = {},
): string {
  const header = { kid: key.kid, ...extraHeader, alg: 'RS256' };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${b64url(createSign('RSA-SHA256').update(input).sign(key.privateKey))}`;
}

/**
 * The payload when `token` is a well-formed RS256 JWT with the key's `kid` and
 * a valid signature; null otherwise. Claims (iss, exp, …) are the caller's to check.
 */
export function verifyJwt(token: unknown, key: Pick<Rs256Key, 'kid' | 'publicKey'>): Record<string, unknown> | null {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  try {
    const header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8')) as Record<string, unknown>;
    // Pinning alg defeats "alg: none" and HS256-with-the-public-key confusion.
    if (header.alg !== 'RS256' || header.kid !== key.kid) return null;
    const ok = createVerify('RSA-SHA256')
      .update(`${headerPart}.${payloadPart}`)
      .verify(key.publicKey, Buffer.from(signaturePart, 'base64url'));
    if (!ok) return null;
    const payload = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8')) as unknown;
    return payload !== null && typeof payload === 'object' && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
