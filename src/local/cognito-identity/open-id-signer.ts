import {
  createPrivateKey,
  createPublicKey,
  createSign,
  createVerify,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { JsonState } from '../core/json-state';

/** Signs and verifies the identity service's RS256 JWTs with one persisted key. */
export interface OpenIdSigner {
  readonly kid: string;
  sign(payload: Record<string, unknown>): string;
  /** The payload of a well-formed token signed by this key; null for anything else. */
  verify(token: string): Record<string, unknown> | null;
  /** The public key as a JWKS document (what cognito-identity.amazonaws.com publishes for its tokens). */
  jwks(): { keys: Array<Record<string, unknown>> };
}

interface KeyFile {
  version: 1;
  kid: string;
  privateKeyPem: string;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/**
 * The identity service's signing key, made on first start and kept in the
 * data folder (0600), so OpenID tokens issued before a restart still verify
 * in STS after it.
 */
export function createOpenIdSigner(options: { dataDir: string }): OpenIdSigner {
  const state = new JsonState<KeyFile>(options.dataDir, 'cognito-identity-signing-key', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return {
      version: 1,
      kid: `local-${randomBytes(6).toString('hex')}`,
      privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
  });
  const { kid } = state.value;
  const privateKey: KeyObject = createPrivateKey(state.value.privateKeyPem);
  const publicKey: KeyObject = createPublicKey(privateKey);

  return {
    kid,
    sign(payload) {
      const input = `${b64url(JSON.stringify({ kid, typ: 'JWS', alg: 'RS256' }))}.${b64url(JSON.stringify(payload))}`;
      return `${input}.${b64url(createSign('RSA-SHA256').update(input).sign(privateKey))}`;
    },
    verify(token) {
      if (token.length > 16_384) return null;
      const parts = token.split('.');
      if (parts.length !== 3) return null;
      const [head, body, signature] = parts as [string, string, string];
      try {
        const header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as Record<string, unknown>;
        // alg is pinned: no "none", no HS256 keyed with the public key.
        if (header.alg !== 'RS256' || header.kid !== kid) return null;
        if (
          !createVerify('RSA-SHA256').update(`${head}.${body}`).verify(publicKey, Buffer.from(signature, 'base64url'))
        )
          return null;
        const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown;
        return payload !== null && typeof payload === 'object' && !Array.isArray(payload)
          ? (payload as Record<string, unknown>)
          : null;
      } catch {
        return null;
      }
    },
    jwks() {
      return { keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] };
    },
  };
}
