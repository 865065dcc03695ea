/**
 * The user pool's key material, persisted in the data folder so tokens and
 * in-flight sign-ins survive a restart: the RSA-2048 signing key (with its
 * `kid`, published in the JWKS) and the 256-bit key that seals SECRET_BLOCK
 * and Session blobs.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { JsonState } from '../core/json-state';
import { generateRsaKey, loadRsaKey, type RsaSigningKey, type StoredRsaKey } from '../core/rsa-signing-key';

interface KeyFile {
  version: 1;
  signing: StoredRsaKey;
  /** base64 */
  sealKey: string;
}

/** Loaded key material of one user pool: the signing key (with its JWK) and the seal key. */
export interface PoolKeys extends RsaSigningKey {
  sealKey: Buffer;
}

/** Loads the pool's keys from `dataDir`, creating them on first start. */
export function loadPoolKeys(dataDir: string, userPoolId: string): PoolKeys {
  const state = new JsonState<KeyFile>(dataDir, `cognito-idp-${userPoolId}-keys`, () => ({
    version: 1,
    // Cognito's kids are base64 strings; any unique string works for JWKS lookups.
    signing: generateRsaKey(randomUUID()),
    sealKey: randomBytes(32).toString('base64'),
  }));
  return { ...loadRsaKey(state.value.signing), sealKey: Buffer.from(state.value.sealKey, 'base64') };
}
