/**
 * The user pool's key material, persisted in the data folder so tokens and
 * in-flight sign-ins survive a restart: the RSA-2048 signing key (with its
 * `kid`, published in the JWKS) and the 256-bit key that seals SECRET_BLOCK
 * and Session blobs.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  randomUUID,
  type KeyObject,
} from 'node:crypto';
import { JsonState } from '../core/json-state';

interface KeyFile {
  version: 1;
  signing: { kid: string; privateKeyPem: string };
  /** base64 */
  sealKey: string;
}

/** Loaded key material of one user pool. */
export interface PoolKeys {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The public key as a JWK (kty, n, e) plus kid, alg and use, as Cognito's JWKS lists it. */
  jwk: Record<string, string>;
  sealKey: Buffer;
}

/** Loads the pool's keys from `dataDir`, creating them on first start. */
export function loadPoolKeys(dataDir: string, userPoolId: string): PoolKeys {
  const state = new JsonState<KeyFile>(dataDir, `cognito-idp-${userPoolId}-keys`, () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return {
      version: 1,
      // Cognito's kids are base64 strings; any unique string works for JWKS lookups.
      signing: { kid: randomUUID(), privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
      sealKey: randomBytes(32).toString('base64'),
    };
  });
  const privateKey = createPrivateKey(state.value.signing.privateKeyPem);
  const publicKey = createPublicKey(privateKey);
  const { n, e } = publicKey.export({ format: 'jwk' });
  return {
    kid: state.value.signing.kid,
    privateKey,
    publicKey,
    jwk: { alg: 'RS256', e: e!, kid: state.value.signing.kid, kty: 'RSA', n: n!, use: 'sig' },
    sealKey: Buffer.from(state.value.sealKey, 'base64'),
  };
}
