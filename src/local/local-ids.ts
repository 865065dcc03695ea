import { randomBytes, randomUUID } from 'node:crypto';
import { JsonState } from './core/json-state';
import type { LocalIds } from './core/model';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LOWER_ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomFrom(alphabet: string, length: number): string {
  return [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

/**
 * The physical ids of this local vault: made once, on first start, in the
 * shapes AWS uses (so clients that check them, like amazon-cognito-identity-js
 * for pool ids, accept them), then kept in the data folder.
 */
export function loadLocalIds(dataDir: string, region = 'us-east-1'): LocalIds {
  return new JsonState<LocalIds>(dataDir, 'ids', () => ({
    accountId: String(100000000000 + (randomBytes(5).readUIntBE(0, 5) % 900000000000)),
    region,
    stackName: 's3vault-local',
    userPoolId: `${region}_${randomFrom(ALPHANUMERIC, 9)}`,
    userPoolClientId: randomFrom(LOWER_ALPHANUMERIC, 26),
    identityPoolId: `${region}:${randomUUID()}`,
    keyId: randomUUID(),
    suffix: randomFrom(LOWER_ALPHANUMERIC, 8),
  })).value;
}

/** The local account's administrator keys (like an IAM admin's long-term keys), kept in the data folder. */
export function loadAdminKeys(dataDir: string): { accessKeyId: string; secretAccessKey: string } {
  return new JsonState(dataDir, 'admin-keys', () => ({
    accessKeyId: `AKIA${randomFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`,
    secretAccessKey: randomBytes(30).toString('base64').replace(/[+/=]/g, 'A'),
  })).value;
}
