import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../../../src/local/core/principal';
import { createCredentialDirectory, EXPIRED_RECORD_RETENTION_MS } from '../../../../src/local/credentials';

const admin = { accessKeyId: 'AKIAADMINADMINADMIN1', secretAccessKey: 'admin-secret-admin-secret-admin-secret-00' };
const session: Principal = {
  kind: 'assumed-role',
  accountId: '123456789012',
  arn: 'arn:aws:sts::123456789012:assumed-role/VaultUserRole/CognitoIdentityCredentials',
  roleArn: 'arn:aws:iam::123456789012:role/VaultUserRole',
  roleName: 'VaultUserRole',
  sessionName: 'CognitoIdentityCredentials',
  identityId: 'us-east-1:11111111-2222-3333-4444-555555555555',
  identityPoolId: 'us-east-1:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
};

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 's3vault-creds-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('credential directory', () => {
  it('resolves the admin keys to the account root, without expiry', () => {
    const directory = createCredentialDirectory({ dataDir: dataDir(), accountId: '123456789012', adminKeys: admin });
    const record = directory.find(admin.accessKeyId);
    expect(record?.principal).toEqual({
      kind: 'account-admin',
      accountId: '123456789012',
      arn: 'arn:aws:iam::123456789012:root',
    });
    expect(record?.expiresAt).toBeUndefined();
    expect(record?.sessionToken).toBeUndefined();
  });

  it('issues ASIA keys, 40-character secrets and session tokens expiring on whole seconds', () => {
    const now = 1_700_000_000_123;
    const directory = createCredentialDirectory({
      dataDir: dataDir(),
      accountId: '123456789012',
      adminKeys: admin,
      now: () => now,
    });
    const record = directory.issue(session, 3600);
    expect(record.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(record.secretAccessKey).toHaveLength(40);
    expect(record.sessionToken!.length).toBeGreaterThan(200);
    expect(record.expiresAt).toBe(1_700_000_000_000 + 3600_000);
    expect(directory.find(record.accessKeyId)).toEqual(record);
    expect(directory.issue(session, 3600).accessKeyId).not.toBe(record.accessKeyId);
  });

  it('keeps issued sessions across a restart, in a file only the owner can read', () => {
    const dir = dataDir();
    const record = createCredentialDirectory({ dataDir: dir, accountId: '123456789012', adminKeys: admin }).issue(
      session,
      900,
    );
    const reopened = createCredentialDirectory({ dataDir: dir, accountId: '123456789012', adminKeys: admin });
    expect(reopened.find(record.accessKeyId)).toEqual(record);
    const file = path.join(dir, 'credentials.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain(admin.secretAccessKey);
  });

  it('still returns a recently expired session (so callers can say ExpiredToken) and prunes long-expired ones', () => {
    const dir = dataDir();
    let now = Date.now();
    const directory = createCredentialDirectory({
      dataDir: dir,
      accountId: '123456789012',
      adminKeys: admin,
      now: () => now,
    });
    const record = directory.issue(session, 900);
    now += 901_000;
    expect(directory.find(record.accessKeyId)?.expiresAt).toBeLessThan(now);
    now += EXPIRED_RECORD_RETENTION_MS;
    directory.issue(session, 900);
    expect(directory.find(record.accessKeyId)).toBeUndefined();
    const reopened = createCredentialDirectory({
      dataDir: dir,
      accountId: '123456789012',
      adminKeys: admin,
      now: () => now,
    });
    expect(reopened.find(record.accessKeyId)).toBeUndefined();
  });

  it('knows no inherited names', () => {
    const directory = createCredentialDirectory({ dataDir: dataDir(), accountId: '123456789012', adminKeys: admin });
    for (const name of ['constructor', '__proto__', 'toString']) expect(directory.find(name)).toBeUndefined();
  });

  it('refuses durations AWS would never issue', () => {
    const directory = createCredentialDirectory({ dataDir: dataDir(), accountId: '123456789012', adminKeys: admin });
    expect(() => directory.issue(session, 43_201)).toThrow(RangeError);
    expect(() => directory.issue(session, 0)).toThrow(RangeError);
  });
});
