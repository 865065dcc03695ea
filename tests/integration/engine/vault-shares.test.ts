/**
 * Share links against the local backend: the URL gives ciphertext to anyone,
 * a vault member decrypts it with their own KMS access, and the link's expiry
 * is true and enforced.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalBackend, type LocalBackend } from '../../../src/local/server';
import { VaultError } from '../../../src/main/vault/errors';
import type { VaultSession } from '../../../src/main/vault/session';
import { createMemoryLinkHistory, isRequestOfLink } from '../../../src/main/vault/shares/link-history';
import { createVault, type Vault } from '../../../src/main/vault/vault';
import { signInTestSession } from '../../support/test-session';
import { ALICE, BOB, sha256File, tempFolder, writeRandomFile } from './engine-support';

let backend: LocalBackend;
let aliceSession: VaultSession;
let alice: Vault;
let bob: Vault;
const history = createMemoryLinkHistory();
const work = tempFolder('engine-shares');
const file = path.join(work, 'plan.pdf');
let fileHash = '';

beforeAll(async () => {
  backend = await startLocalBackend({ dataDir: tempFolder('engine-shares-data'), users: [ALICE, BOB] });
  aliceSession = await signInTestSession(backend.profile, ALICE.username, ALICE.password);
  alice = createVault(aliceSession, { history });
  bob = createVault(await signInTestSession(backend.profile, BOB.username, BOB.password));
  fileHash = writeRandomFile(file, 300 * 1024);
  expect((await alice.upload([file], { to: 'Shared' })).failed).toEqual([]);
});

afterAll(async () => {
  alice?.close();
  bob?.close();
  await backend?.close();
});

const failure = (promise: Promise<unknown>): Promise<VaultError> =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(VaultError);
      return error as VaultError;
    },
  );

describe('share links', () => {
  it('gives ciphertext to a plain fetch, and the file to a vault member who opens it', async () => {
    const link = await alice.share('Shared/plan.pdf', { seconds: 600 });
    expect(link.url).toMatch(/X-Amz-Signature=/);
    expect(link.appLink).toMatch(
      /^s3vault:\/\/open\?url=http%3A%2F%2F127\.0\.0\.1%3A\d+%2F.+&name=plan\.pdf&owner=us-east-1%3A[0-9a-f-]+&file=[\w-]{43}$/,
    );
    expect(link.expiresInSeconds).toBe(600);
    expect(link.cappedBy).toBeUndefined();
    expect(Date.parse(link.expiresAt) - Date.now()).toBeGreaterThan(590_000);

    const response = await fetch(link.url);
    expect(response.status).toBe(200);
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.subarray(0, 3)).toEqual(Buffer.from([0x02, 0x04, 0x78]));
    expect(body.length).toBeGreaterThan(300 * 1024);

    const out = tempFolder('bob-opens');
    const fromApp = await bob.openLink(link.appLink, path.join(out, 'from-app-link.pdf'));
    expect(fromApp.owner).toBe(alice.identityId);
    expect(await sha256File(path.join(out, 'from-app-link.pdf'))).toBe(fileHash);
    await bob.openLink(link.url, path.join(out, 'from-url.pdf'));
    expect(await sha256File(path.join(out, 'from-url.pdf'))).toBe(fileHash);
  });

  it('caps the lifetime at the credentials, and at 7 days, and says so', async () => {
    const left = (await aliceSession.currentCredentials()).expiration.getTime() - Date.now();
    const long = await alice.share('Shared/plan.pdf', { seconds: 7 * 24 * 3600 });
    expect(long.cappedBy).toBe('credentials');
    expect(Date.parse(long.expiresAt)).toBeLessThanOrEqual(Date.now() + left - 59_000);
    const query = new URL(long.url).searchParams;
    expect(Number(query.get('X-Amz-Expires'))).toBe(long.expiresInSeconds);

    const endless = {
      ...aliceSession,
      currentCredentials: async () => ({
        ...(await aliceSession.currentCredentials()),
        expiration: new Date(Date.now() + 30 * 24 * 3600 * 1000),
      }),
    };
    const longLived = createVault(endless);
    const capped = await longLived.share('Shared/plan.pdf', { seconds: 30 * 24 * 3600 });
    expect(capped.cappedBy).toBe('sigv4-limit');
    expect(capped.expiresInSeconds).toBe(604_800);
    longLived.close();
  });

  it('records links without their signature, matchable to access-log request lines', async () => {
    const entries = await alice.links();
    expect(entries.length).toBeGreaterThanOrEqual(2);
    const [latest] = entries;
    expect(JSON.stringify(entries)).not.toMatch(/Signature|Security-Token/i);
    expect(latest).toMatchObject({ name: 'plan.pdf', path: 'Shared/plan.pdf', owner: alice.identityId });
    const link = await alice.share('Shared/plan.pdf', { seconds: 60 });
    const entry = (await alice.links())[0]!;
    const url = new URL(link.url);
    expect(isRequestOfLink(entry, `GET ${url.pathname}${url.search} HTTP/1.1`)).toBe(true);
    expect(isRequestOfLink(latest!, `GET ${url.pathname}${url.search} HTTP/1.1`)).toBe(false);
  });

  it('refuses a tampered signature, an altered app link, another bucket and an expired link', async () => {
    const link = await alice.share('Shared/plan.pdf', { seconds: 2 });
    const out = tempFolder('bob-refused');
    const signature = /X-Amz-Signature=([0-9a-f]+)/.exec(link.url)![1]!;
    const forged = link.url.replace(signature, (signature[0] === 'a' ? 'b' : 'a') + signature.slice(1));
    const forgedError = await failure(bob.openLink(forged, path.join(out, 'x')));
    expect(forgedError).toMatchObject({
      code: 'ACCESS_DENIED',
      message: 'The link is not valid (its signature does not match).',
    });

    const otherOwner = link.appLink.replace(/owner=[^&]+/, 'owner=us-east-1%3A00000000-0000-0000-0000-000000000000');
    expect((await failure(bob.openLink(otherOwner, path.join(out, 'x')))).code).toBe('TAMPERED');
    const otherFile = link.appLink.replace(/file=[\w-]+/, 'file=AAAAAAAAAAAAAAAAAAAAAA');
    expect((await failure(bob.openLink(otherFile, path.join(out, 'x')))).code).toBe('TAMPERED');
    const otherBucket = link.url.replace(backend.profile.bucket, 'someone-elses-bucket');
    expect((await failure(bob.openLink(otherBucket, path.join(out, 'x')))).code).toBe('INVALID_INPUT');
    expect((await failure(bob.openLink('https://example.com/x?X-Amz-Signature=1', path.join(out, 'x')))).code).toBe(
      'INVALID_INPUT',
    );

    await new Promise((resolve) => setTimeout(resolve, 3_000));
    // Refused by S3 itself: a plain fetch after the expiry.
    const late = await fetch(link.url);
    expect(late.status).toBe(403);
    // And by the app, before it fetches anything.
    const expired = await failure(bob.openLink(link.appLink, path.join(out, 'x')));
    expect(expired.code).toBe('NOT_FOUND');
    expect(expired.message).toMatch(/^This link expired at \d{4}-\d\d-\d\dT/);
    expect(readdirSync(out)).toEqual([]);
  });

  it('does not share what is not there, and does not overwrite what is', async () => {
    expect((await failure(alice.share('Shared/missing.pdf'))).code).toBe('NOT_FOUND');
    const link = await alice.share('Shared/plan.pdf', { seconds: 60 });
    const out = tempFolder('bob-exists');
    writeFileSync(path.join(out, 'taken.pdf'), 'mine');
    expect((await failure(bob.openLink(link.appLink, path.join(out, 'taken.pdf')))).code).toBe('CONFLICT');
    expect(existsSync(path.join(out, 'taken.pdf'))).toBe(true);
    expect(readdirSync(out)).toEqual(['taken.pdf']);
  });
});
