import type { CredentialDirectory, CredentialRecord, Principal } from '../core/principal';
import { JsonState } from '../core/json-state';
import { ownValue } from '../core/own';
import { newSecretAccessKey, newSessionToken, newTemporaryAccessKeyId } from './temporary-keys';

/** The long-term keys of the local account's administrator (never expire, never persisted here). */
export interface AdminKeys {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface CredentialDirectoryOptions {
  dataDir: string;
  accountId: string;
  adminKeys: AdminKeys;
  /** Epoch milliseconds; tests move time forward with it. */
  now?: () => number;
}

/**
 * How long an expired session stays on record. While it is on record the
 * verifier can answer ExpiredToken (what a client needs to decide to refresh)
 * instead of "unknown key"; after that it is dropped so the file stays small.
 */
export const EXPIRED_RECORD_RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * The longest session AWS issues (12 hours). The 15-minute floor of STS is
 * checked on the wire by the STS service, not here, so tests may issue
 * short-lived sessions to watch them expire.
 */
const MAX_DURATION_SECONDS = 43_200;

interface StoredCredentials {
  version: 1;
  sessions: Record<string, CredentialRecord>;
}

/**
 * The directory of credentials the local backend accepts: the administrator's
 * keys, plus the temporary credentials issued by Cognito Identity and STS.
 * Issued sessions are persisted so a restart of the local vault does not
 * sign everyone out before their credentials would have expired on AWS.
 */
export function createCredentialDirectory(options: CredentialDirectoryOptions): CredentialDirectory {
  const now = options.now ?? Date.now;
  const state = new JsonState<StoredCredentials>(options.dataDir, 'credentials', () => ({ version: 1, sessions: {} }));
  const admin: CredentialRecord = {
    accessKeyId: options.adminKeys.accessKeyId,
    secretAccessKey: options.adminKeys.secretAccessKey,
    principal: { kind: 'account-admin', accountId: options.accountId, arn: `arn:aws:iam::${options.accountId}:root` },
  };

  function prune(): boolean {
    const cutoff = now() - EXPIRED_RECORD_RETENTION_MS;
    let removed = false;
    for (const [id, record] of Object.entries(state.value.sessions)) {
      if (record.expiresAt !== undefined && record.expiresAt < cutoff) {
        delete state.value.sessions[id];
        removed = true;
      }
    }
    return removed;
  }

  if (prune()) state.save();

  return {
    find(accessKeyId: string): CredentialRecord | undefined {
      if (accessKeyId === admin.accessKeyId) return admin;
      // Expired records are returned on purpose: the caller decides (ExpiredToken).
      // The id comes from a request header and could be 'constructor'.
      return ownValue(state.value.sessions, accessKeyId);
    },

    issue(principal: Principal, durationSeconds: number): CredentialRecord {
      if (!Number.isInteger(durationSeconds) || durationSeconds < 1 || durationSeconds > MAX_DURATION_SECONDS) {
        throw new RangeError(`session duration must be 1–${MAX_DURATION_SECONDS} s, got ${durationSeconds}`);
      }
      let accessKeyId = newTemporaryAccessKeyId();
      while (accessKeyId === admin.accessKeyId || state.value.sessions[accessKeyId])
        accessKeyId = newTemporaryAccessKeyId();
      // Whole seconds, as AWS reports expirations: what the client is told is exactly what is enforced.
      const issuedAt = Math.floor(now() / 1000) * 1000;
      const record: CredentialRecord = {
        accessKeyId,
        secretAccessKey: newSecretAccessKey(),
        sessionToken: newSessionToken(),
        expiresAt: issuedAt + durationSeconds * 1000,
        principal,
      };
      prune();
      state.value.sessions[accessKeyId] = record;
      state.save();
      return record;
    },
  };
}
