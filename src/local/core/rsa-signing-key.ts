/**
 * RSA-2048 token-signing keys as the services persist them (kid + PKCS#8 PEM
 * inside their own JsonState files), so tokens issued before a restart still
 * verify after it.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { Rs256Key } from './rs256-jwt';

/** The persisted form of a signing key. */
export interface StoredRsaKey {
  kid: string;
  privateKeyPem: string;
}

/** A loaded signing key, with its public half as a JWK for the JWKS. */
export interface RsaSigningKey extends Rs256Key {
  /** kty, n, e plus kid, alg and use, as Cognito's JWKS lists them. */
  jwk: Record<string, string>;
}

/** A fresh RSA-2048 key under `kid`, ready to persist. */
export function generateRsaKey(kid: string): StoredRsaKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

/** Loads a persisted key and derives its public key and JWK. */
export function loadRsaKey(stored: StoredRsaKey): RsaSigningKey {
  const privateKey = createPrivateKey(stored.privateKeyPem);
  const publicKey = createPublicKey(privateKey);
  const { n, e } = publicKey.export({ format: 'jwk' });
  return {
    kid: stored.kid,
    privateKey,
    publicKey,
    jwk: { alg: 'RS256', e: e!, kid: stored.kid, kty: 'RSA', n: n!, use: 'sig' },
  };
}
