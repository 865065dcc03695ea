import { describe, expect, it } from 'vitest';
import { parseVaultProfile } from '../../../../src/main/vault/profile';

const outputs = {
  Region: 'eu-west-1',
  UserPoolId: 'eu-west-1_AbC123xyz',
  UserPoolClientId: '1h2j3k4l5m6n7o8p9q0r1s2t3u',
  IdentityPoolId: 'eu-west-1:0d7c1a52-8f4e-4a3b-9b8e-6f2d1c0a9e7b',
  Bucket: 's3vault-vaultbucket-x7k2m9q4',
  KeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/0d7c1a52-8f4e-4a3b-9b8e-6f2d1c0a9e7b',
  VaultId: 's3vault',
};

describe('parseVaultProfile', () => {
  it('accepts the stack outputs as describe-stacks gives them (PascalCase)', () => {
    expect(parseVaultProfile(outputs)).toMatchObject({
      region: 'eu-west-1',
      bucket: outputs.Bucket,
      vaultId: 's3vault',
    });
  });

  it('names every missing or bad field', () => {
    const { Bucket: _bucket, ...withoutBucket } = outputs;
    expect(() => parseVaultProfile({ ...withoutBucket, KeyArn: 'not-an-arn' }, 'vault.json')).toThrow(
      /vault\.json is not a valid vault profile: .*bucket is missing.*keyArn is not valid \(a KMS key ARN\)/,
    );
  });

  it('accepts a session length only within what STS allows', () => {
    expect(parseVaultProfile({ ...outputs, sessionSeconds: 43_200 }).sessionSeconds).toBe(43_200);
    expect(() => parseVaultProfile({ ...outputs, sessionSeconds: 43_201 })).toThrow(/sessionSeconds is not valid/);
  });
});
