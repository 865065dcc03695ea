import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CliVaultError, parseUsage, reportErrors, toCliError } from '../../../src/cli/cli-errors';
import { CliError } from '../../../src/cli/command';
import { NOT_SIGNED_IN, openCliSession } from '../../../src/cli/open-session';
import { loadProfileFile } from '../../../src/cli/profile-file';
import { VaultError } from '../../../src/main/vault/errors';
import { parseArgs } from 'node:util';

afterEach(() => vi.restoreAllMocks());

describe('toCliError', () => {
  it('gives each error kind its exit code', () => {
    expect(toCliError(new VaultError('AUTH_REQUIRED', 'x'))).toMatchObject({ code: 'AUTH_REQUIRED', exitCode: 3 });
    expect(toCliError(new VaultError('NETWORK', 'x'))).toMatchObject({ code: 'NETWORK', exitCode: 7 });
    expect(toCliError(new VaultError('INVALID_INPUT', 'x'))).toMatchObject({ exitCode: 2 });
    expect(toCliError(new CliError('usage', 2))).toMatchObject({ code: 'INVALID_INPUT', exitCode: 2 });
    expect(toCliError(new Error('boom'))).toMatchObject({
      code: 'INTERNAL',
      exitCode: 1,
      message: 'unexpected error: boom',
    });
    expect(toCliError(new VaultError('CANCELLED', 'x'))).toBeInstanceOf(CliError);
  });
});

describe('reportErrors', () => {
  it('with --json also writes {"error":{code,message}} on stdout', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    await expect(
      reportErrors(true, async () => {
        throw new VaultError('ACCESS_DENIED', 'No access.');
      }),
    ).rejects.toBeInstanceOf(CliVaultError);
    expect(write).toHaveBeenCalledWith('{"error":{"code":"ACCESS_DENIED","message":"No access."}}\n');
  });
});

describe('parseUsage', () => {
  it('turns an unknown option into a usage error (exit 2)', () => {
    expect(() => parseUsage(() => parseArgs({ args: ['--nope'], options: {}, strict: true }))).toThrow(
      expect.objectContaining({ exitCode: 2, code: 'INVALID_INPUT' }),
    );
  });
});

describe('openCliSession', () => {
  it('fails with exit 3 and "not signed in: run s3vault login" when nothing is remembered', async () => {
    const store = { load: async () => null, save: async () => {}, clear: async () => {} };
    await expect(openCliSession({ store })).rejects.toMatchObject({
      code: 'AUTH_REQUIRED',
      exitCode: 3,
      message: NOT_SIGNED_IN,
    });
    expect(NOT_SIGNED_IN).toBe('not signed in: run s3vault login');
  });
});

describe('loadProfileFile', () => {
  it('reads --profile or S3VAULT_PROFILE, and drops fields that are not the profile', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 's3vault-profile-')), 'p.json');
    const profile = {
      region: 'us-east-1',
      userPoolId: 'us-east-1_Pool1',
      userPoolClientId: 'client1',
      identityPoolId: 'us-east-1:00000000-0000-0000-0000-000000000000',
      bucket: 'vault-bucket',
      keyArn: 'arn:aws:kms:us-east-1:123456789012:key/k1',
      vaultId: 'v1',
      endpoint: 'http://127.0.0.1:4566',
    };
    writeFileSync(file, JSON.stringify({ ...profile, localAdmin: { accessKeyId: 'AKIA', secretAccessKey: 's' } }));
    expect(await loadProfileFile(file, {})).toEqual(profile);
    expect(await loadProfileFile(undefined, { S3VAULT_PROFILE: file })).toEqual(profile);
    await expect(loadProfileFile(undefined, {})).rejects.toMatchObject({ exitCode: 2 });
    await expect(loadProfileFile(`${file}.missing`, {})).rejects.toMatchObject({
      message: expect.stringContaining('there is no such file'),
    });
    writeFileSync(file, JSON.stringify({ ...profile, bucket: 'Not A Bucket' }));
    await expect(loadProfileFile(file, {})).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('bucket is not valid'),
    });
  });
});
