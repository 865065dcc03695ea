/**
 * Compact RS256 JSON Web Tokens: just what Cognito's ID and access tokens
 * need, on node:crypto (no dependency).
 */
import { createSign, createVerify, type KeyObject } from 'node:crypto';

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

/** Signs `payload` with RS256; the header carries `kid` so verifiers can find the key in the JWKS. */
export function signJwt(payload: Record<string, unknown>, privateKey: KeyObject, kid: string): string {
  const input = `${b64url(JSON.stringify({ kid, alg: 'RS256' }))}.${b64url(JSON.stringify(payload))}`;
  const signature = createSign('RSA-SHA256').update(input).sign(privateKey);
  return `${input}.${b64url(signature)}`;
}

/**
 * The payload when `token` is a well-formed RS256 JWT with our `kid` and a
 * valid signature; null otherwise. Claims (iss, exp, …) are the caller's to check.
 */
export function verifyJwt(token: unknown, publicKey: KeyObject, kid: string): Record<string, unknown> | null {
  if (typeof token !== 'string' || token.length > 16384) return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  try {
    const header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8')) as Record<string, unknown>;
    // Pinning alg defeats "alg: none" and HS256-with-the-public-key confusion.
    if (header.alg !== 'RS256' || header.kid !== kid) return null;
    const ok = createVerify('RSA-SHA256')
      .update(`${headerPart}.${payloadPart}`)
      .verify(publicKey, Buffer.from(signaturePart, 'base64url'));
    if (!ok) return null;
    const payload = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8')) as unknown;
    return payload !== null && typeof payload === 'object' && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
