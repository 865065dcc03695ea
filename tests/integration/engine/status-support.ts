/** Shared helpers of the status tests: a local backend with a member and an admin, sessions as the app opens them. */
import { KMS } from '@aws-sdk/client-kms';
import { PutBucketVersioningCommand } from '@aws-sdk/client-s3';
import { expect } from 'vitest';
import type { LocalProfile } from '../../../src/local/profile';
import { startLocalBackend, type LocalBackend } from '../../../src/local/server';
import { signIn } from '../../../src/main/vault/auth';
import { createVaultSession, type SignedInVaultSession } from '../../../src/main/vault/credentials';
import { parseVaultProfile } from '../../../src/main/vault/profile';
import type { ProbeResult } from '../../../src/main/vault/status/probe-types';
import { adminS3, ALICE, tempFolder } from './engine-support';

/** A vault administrator (Cognito group vault-admins). */
export const ADA = { username: 'ada', password: 'Ada-Admin-Passw0rd!', groups: ['vault-users', 'vault-admins'] };

/** A local backend whose access logs are delivered every 200 ms (S3 takes minutes; tests cannot wait). */
export function startStatusBackend(dataDir = tempFolder('status-data'), port?: number): Promise<LocalBackend> {
  return startLocalBackend({ dataDir, port, users: [ALICE, ADA], accessLogFlushMs: 200 });
}

/** Signs in with SRP and opens the engine session, as the app does (tokens included, for the User pool probe). */
export async function openSession(
  profile: LocalProfile,
  user: { username: string; password: string },
): Promise<SignedInVaultSession> {
  const vaultProfile = parseVaultProfile(profile);
  const step = await signIn(vaultProfile, user.username, user.password);
  if (step.kind !== 'signed-in') throw new Error(`sign-in stopped at ${step.kind}`);
  return createVaultSession(vaultProfile, step.tokens);
}

/** One probe of a status result, by id (fails the test when absent). */
export function probe(results: ProbeResult[], id: string): ProbeResult {
  const found = results.find((result) => result.id === id);
  expect(found, `probe ${id}`).toBeDefined();
  return found!;
}

/** Disables or enables the vault key with the account's admin keys, as an administrator in the console would. */
export async function setKeyEnabled(profile: LocalProfile, enabled: boolean): Promise<void> {
  const kms = new KMS({ region: profile.region, endpoint: profile.endpoint, credentials: profile.localAdmin });
  try {
    if (enabled) await kms.enableKey({ KeyId: profile.keyArn });
    else await kms.disableKey({ KeyId: profile.keyArn });
  } finally {
    kms.destroy();
  }
}

/** Sets the vault bucket's versioning with the account's admin keys. */
export async function setVersioning(profile: LocalProfile, status: 'Enabled' | 'Suspended'): Promise<void> {
  const s3 = adminS3(profile);
  try {
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: profile.bucket, VersioningConfiguration: { Status: status } }),
    );
  } finally {
    s3.destroy();
  }
}
