import { describe, expect, it } from 'vitest';
import { HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { createVaultLayout } from '../../../../src/main/vault/names/layout';
import { createNameCipher } from '../../../../src/main/vault/names/name-cipher';
import type { VaultSession } from '../../../../src/main/vault/session';
import { parseAppLink } from '../../../../src/main/vault/shares/app-link';
import { createMemoryLinkHistory } from '../../../../src/main/vault/shares/link-history';
import { createShareLink, type ShareDeps } from '../../../../src/main/vault/shares/share-link';

const identityId = 'us-east-1:11111111-2222-4333-8444-555555555555';
const profile = {
  region: 'us-east-1',
  userPoolId: 'us-east-1_Pool1',
  userPoolClientId: 'client1',
  identityPoolId: 'us-east-1:00000000-0000-4000-8000-000000000000',
  bucket: 'vault-bucket',
  keyArn: 'arn:aws:kms:us-east-1:111122223333:key/k',
  vaultId: 'vault-1',
  endpoint: 'http://127.0.0.1:4566',
};
const NOW = Date.parse('2026-05-01T12:00:00.400Z');
const FILE_ID = 'BBBBBBBBBBBBBBBBBBBBBB';

function deps(credentialsLeftSeconds: number): ShareDeps & { history: ReturnType<typeof createMemoryLinkHistory> } {
  const credentials = {
    accessKeyId: 'ASIAEXAMPLE',
    secretAccessKey: 'secret',
    sessionToken: 'token',
    expiration: new Date(NOW + credentialsLeftSeconds * 1000),
  };
  const session: VaultSession = {
    profile,
    username: 'alice',
    identityId,
    isAdmin: false,
    credentials: async () => credentials,
    currentCredentials: async () => credentials,
  };
  const layout = createVaultLayout({
    identityId,
    names: createNameCipher({ nameKey: new Uint8Array(32).fill(7), vaultId: profile.vaultId, identityId }),
  });
  const missing = layout.objectKeyFor('docs/missing');
  const s3 = {
    async send(command: unknown) {
      if (command instanceof HeadObjectCommand) {
        if (command.input.Key === missing)
          throw Object.assign(new Error('Forbidden'), { name: 'Forbidden', $metadata: { httpStatusCode: 403 } });
        return { Metadata: { 'file-id': FILE_ID, 'plaintext-size': '5' } };
      }
      if (command instanceof ListObjectsV2Command) return { Contents: [] };
      throw new Error('unexpected');
    },
  };
  return {
    s3: s3 as unknown as S3Client,
    bucket: profile.bucket,
    layout,
    session,
    history: createMemoryLinkHistory(),
    now: () => NOW,
  };
}

describe('createShareLink', () => {
  it('signs for the requested lifetime when the credentials outlive it', async () => {
    const d = deps(3600);
    const link = await createShareLink(d, 'docs/plan.pdf', 900);
    const url = new URL(link.url);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-Date')).toBe('20260501T120000Z');
    expect(link).toMatchObject({
      name: 'plan.pdf',
      path: 'docs/plan.pdf',
      expiresInSeconds: 900,
      requestedSeconds: 900,
    });
    expect(link.expiresAt).toBe('2026-05-01T12:15:00.000Z');
    expect(link.cappedBy).toBeUndefined();
    expect(parseAppLink(link.appLink)).toEqual({ url: link.url, name: 'plan.pdf', owner: identityId, file: FILE_ID });
    const [entry] = await d.history.list();
    expect(entry).toMatchObject({
      path: 'docs/plan.pdf',
      expiresAt: link.expiresAt,
      amzDate: '20260501T120000Z',
      amzExpires: 900,
      fileId: FILE_ID,
    });
    expect(JSON.stringify(entry)).not.toContain('Signature');
  });

  it('caps the lifetime a minute before the credentials expire, and says so', async () => {
    const link = await createShareLink(deps(1800), 'docs/plan.pdf', 7 * 86_400);
    // Credentials end at 12:30:00.4; whole seconds from 12:00:00, minus the 60 s margin.
    expect(link.expiresInSeconds).toBe(1800 - 60);
    expect(link.cappedBy).toBe('credentials');
    expect(link.expiresAt).toBe('2026-05-01T12:29:00.000Z');
  });

  it('caps at 7 days, the SigV4 limit, when the credentials live longer', async () => {
    const link = await createShareLink(deps(30 * 86_400), 'docs/plan.pdf', 10 * 86_400);
    expect(link.expiresInSeconds).toBe(604_800);
    expect(link.cappedBy).toBe('sigv4-limit');
  });

  it('refuses credentials about to expire, bad lifetimes, and files that are not there', async () => {
    await expect(createShareLink(deps(30), 'docs/plan.pdf', 60)).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
    await expect(createShareLink(deps(3600), 'docs/plan.pdf', 0)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(createShareLink(deps(3600), 'docs/plan.pdf', 1.5)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(createShareLink(deps(3600), 'docs/missing', 60)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
