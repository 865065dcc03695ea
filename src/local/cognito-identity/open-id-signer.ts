import { randomBytes } from 'node:crypto';
import { JsonState } from '../core/json-state';
import { signJwt, verifyJwt } from '../core/rs256-jwt';
import { generateRsaKey, loadRsaKey, type StoredRsaKey } from '../core/rsa-signing-key';

/** Signs and verifies the identity service's RS256 JWTs with one persisted key. */
export interface OpenIdSigner {
  readonly kid: string;
  sign(payload: Record<string, unknown>): string;
  /** The payload of a well-formed token signed by this key; null for anything else. */
  verify(token: string): Record<string, unknown> | null;
  /** The public key as a JWKS document (what cognito-identity.amazonaws.com publishes for its tokens). */
  jwks(): { keys: Array<Record<string, unknown>> };
}

interface KeyFile extends StoredRsaKey {
  version: 1;
}

/**
 * The identity service's signing key, made on first start and kept in the
 * data folder (0600), so OpenID tokens issued before a restart still verify
 * in STS after it.
 */
export function createOpenIdSigner(options: { dataDir: string }): OpenIdSigner {
  const state = new JsonState<KeyFile>(options.dataDir, 'cognito-identity-signing-key', () => ({
    version: 1,
    ...generateRsaKey(`local-${randomBytes(6).toString('hex')}`),
  }));
  const key = loadRsaKey(state.value);
  return {
    kid: key.kid,
    // AWS's OpenID tokens carry typ JWS in their header.
    sign: (payload) => signJwt(payload, key, { typ: 'JWS' }),
    verify: (token) => verifyJwt(token, key),
    jwks: () => ({ keys: [key.jwk] }),
  };
}
