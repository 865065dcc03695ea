/**
 * From tokens to AWS credentials against the local backend: refresh, global
 * sign-out, the enhanced flow (S3 under private/<identityId>/), the classic
 * flow with a 12-hour session, and the refreshing provider (early refresh,
 * single flight, and a refresh in the middle of a multipart upload).
 */
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type { AwsCredentialIdentity } from '@smithy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globalSignOut, idTokenClaims, refresh, signIn, type CognitoTokens } from '../../../src/main/vault/auth';
import { createVaultSession, type SignedInVaultSession } from '../../../src/main/vault/credentials';
import { startAuthBackend, type AuthBackend } from '../../support/auth-backend';

const ALICE = { username: 'alice', password: 'Alice-Passw0rd!' };
const ADA = { username: 'ada', password: 'Ada-Admin-Passw0rd!', groups: ['vault-users', 'vault-admins'] };
let env: AuthBackend;
const sessions: SignedInVaultSession[] = [];

beforeAll(async () => {
  env = await startAuthBackend({ users: [ALICE, ADA] });
});
afterAll(async () => {
  for (const session of sessions) session.close();
  await env?.close();
});

async function tokensFor(user: { username: string; password: string }): Promise<CognitoTokens> {
  const step = await signIn(env.profile, user.username, user.password);
  if (step.kind !== 'signed-in') throw new Error(step.kind);
  return step.tokens;
}

async function open(...args: Parameters<typeof createVaultSession>): Promise<SignedInVaultSession> {
  const session = await createVaultSession(...args);
  sessions.push(session);
  return session;
}

const s3With = (credentials: S3Client['config']['credentials'] | AwsCredentialIdentity) =>
  new S3Client({
    region: env.profile.region,
    endpoint: env.profile.endpoint,
    forcePathStyle: true,
    credentials: credentials as AwsCredentialIdentity,
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('refresh and global sign-out', () => {
  it('refreshes the tokens; after a global sign-out the refresh token is refused with AUTH_REQUIRED', async () => {
    const tokens = await tokensFor(ALICE);
    const fresh = await refresh(env.profile, tokens.refreshToken, 'alice');
    expect(idTokenClaims(fresh.idToken).username).toBe('alice');
    expect(fresh.refreshToken).toBe(tokens.refreshToken);

    expect(await globalSignOut(env.profile, fresh)).toBe('signed-out');
    const started = Date.now();
    await expect(refresh(env.profile, tokens.refreshToken, 'alice')).rejects.toMatchObject({
      code: 'AUTH_REQUIRED',
      message: 'Your session has ended; sign in again.',
    });
    // No six seconds of the library's retries before the answer (one request takes milliseconds; 4 s leaves room for a loaded machine).
    expect(Date.now() - started).toBeLessThan(4_000);
    // Signing out a second time finds nothing left to revoke.
    expect(await globalSignOut(env.profile, fresh)).toBe('already-ended');
  });

  it('refuses a refresh token of another account than the one named', async () => {
    const tokens = await tokensFor(ALICE);
    await expect(refresh(env.profile, tokens.refreshToken, 'ada')).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
  });
});

describe('createVaultSession, enhanced flow (default)', () => {
  it('gives the identity id, admin flag and one-hour credentials that work under private/<identityId>/ only', async () => {
    const session = await open(env.profile, await tokensFor(ALICE));
    expect(session.flow).toBe('enhanced');
    expect(session.username).toBe('alice');
    expect(session.identityId).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
    expect(session.isAdmin).toBe(false);
    const credentials = await session.currentCredentials();
    const minutesLeft = (credentials.expiration.getTime() - Date.now()) / 60_000;
    expect(minutesLeft).toBeGreaterThan(55);
    expect(minutesLeft).toBeLessThanOrEqual(60);

    const s3 = s3With(session.credentials);
    const key = `private/${session.identityId}/v1/hello`;
    await s3.send(new PutObjectCommand({ Bucket: env.profile.bucket, Key: key, Body: 'ciphertext' }));
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: env.profile.bucket, Prefix: `private/${session.identityId}/` }),
    );
    expect(listed.Contents?.map((o) => o.Key)).toEqual([key]);
    await expect(
      s3.send(new PutObjectCommand({ Bucket: env.profile.bucket, Key: 'private/someone-else/x', Body: 'x' })),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
    s3.destroy();
  });

  it('knows a vault admin, and reuses a known identity id without asking again', async () => {
    const session = await open(env.profile, await tokensFor(ADA));
    expect(session.isAdmin).toBe(true);
    const again = await open(env.profile, await tokensFor(ADA), { identityId: session.identityId });
    expect(again.identityId).toBe(session.identityId);
    expect((await again.currentCredentials()).accessKeyId).toMatch(/^ASIA/);
  });

  it('ends with AUTH_REQUIRED once the account was signed out everywhere', async () => {
    const session = await open(env.profile, await tokensFor(ALICE), { earlyRefreshSeconds: 3599.5 });
    const other = await open(env.profile, await tokensFor(ALICE));
    expect(await other.signOut()).toBe('signed-out');
    await sleep(600);
    // The stale credentials send it to the identity pool, which refuses the revoked ID token; the refresh then fails too.
    await expect(session.currentCredentials()).rejects.toMatchObject({
      code: 'AUTH_REQUIRED',
      message: 'Your session has ended; sign in again.',
    });
  });
});

describe('createVaultSession, classic flow (profile.sessionSeconds)', () => {
  it('gives credentials for the chosen 12 hours that work for S3', async () => {
    const profile = { ...env.profile, sessionSeconds: 43_200 };
    const session = await open(profile, await tokensFor(ALICE));
    expect(session.flow).toBe('classic');
    const credentials = await session.currentCredentials();
    const hoursLeft = (credentials.expiration.getTime() - Date.now()) / 3_600_000;
    expect(hoursLeft).toBeGreaterThan(11.9);
    expect(hoursLeft).toBeLessThanOrEqual(12);

    const s3 = s3With(session.credentials);
    const key = `private/${session.identityId}/v1/classic`;
    await s3.send(new PutObjectCommand({ Bucket: env.profile.bucket, Key: key, Body: 'long session' }));
    const object = await s3.send(new GetObjectCommand({ Bucket: env.profile.bucket, Key: key }));
    expect(await object.Body!.transformToString()).toBe('long session');
    s3.destroy();
  });
});

describe('the refreshing credentials provider', () => {
  // The pool issues one-hour credentials: with 3599.5 s of early refresh they are stale half a second later.
  const early = { earlyRefreshSeconds: 3599.5 };

  it('refreshes early, once for many concurrent callers, and the old keys keep working until they expire', async () => {
    const session = await open(env.profile, await tokensFor(ALICE), early);
    const before = await session.currentCredentials();
    await sleep(600);
    const concurrent = await Promise.all(Array.from({ length: 8 }, () => session.currentCredentials()));
    const keys = new Set(concurrent.map((c) => c.accessKeyId));
    expect(keys.size).toBe(1);
    expect([...keys][0]).not.toBe(before.accessKeyId);

    // Both sets sign requests: refreshing early does not cut off requests in flight.
    for (const credentials of [before, concurrent[0]!]) {
      const s3 = s3With({ ...credentials });
      await expect(
        s3.send(new ListObjectsV2Command({ Bucket: env.profile.bucket, Prefix: `private/${session.identityId}/` })),
      ).resolves.toBeDefined();
      s3.destroy();
    }
  });

  it('keeps a multipart upload going while the credentials are refreshed between its parts', async () => {
    const session = await open(env.profile, await tokensFor(ALICE), early);
    const used: string[] = [];
    const s3 = s3With(async () => {
      const credentials = await session.credentials();
      used.push(credentials.accessKeyId);
      return credentials;
    });
    const Bucket = env.profile.bucket;
    const Key = `private/${session.identityId}/v1/multipart`;
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
    const part = Buffer.alloc(5 * 1024 * 1024, 7);
    const parts = [];
    for (const PartNumber of [1, 2]) {
      await sleep(600);
      const { ETag } = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body: part }));
      parts.push({ ETag, PartNumber });
    }
    await s3.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: parts } }));
    const head = await s3.send(new GetObjectCommand({ Bucket, Key }));
    expect(head.ContentLength).toBe(2 * part.length);
    await head.Body!.transformToByteArray();
    // The SDK came back for credentials during the upload, and got new ones.
    expect(new Set(used).size).toBeGreaterThanOrEqual(2);
    s3.destroy();
  });
});
