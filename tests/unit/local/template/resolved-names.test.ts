import { describe, expect, it } from 'vitest';
import { IDS, loadModel, roleOf } from './fixture';

describe('loadVaultModel: names resolved for the local account', () => {
  const model = loadModel();

  it('takes account, region, stack and vault id from the ids and the VaultId output', () => {
    expect(model.accountId).toBe(IDS.accountId);
    expect(model.region).toBe(IDS.region);
    expect(model.stackName).toBe(IDS.stackName);
    expect(model.vaultId).toBe(IDS.stackName);
  });

  it('names the buckets as CloudFormation generates them, with the persisted suffix', () => {
    expect(model.bucket.name).toBe('s3vault-test-vaultbucket-x7k2m9q4');
    expect(model.bucket.arn).toBe('arn:aws:s3:::s3vault-test-vaultbucket-x7k2m9q4');
    expect(model.logBucket?.name).toBe('s3vault-test-logbucket-x7k2m9q4');
    expect(model.bucket.name).toMatch(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/);
  });

  it('gives the key, user pool, client and identity pool their local ids', () => {
    expect(model.key.keyId).toBe(IDS.keyId);
    expect(model.key.arn).toBe(`arn:aws:kms:eu-west-1:123456789012:key/${IDS.keyId}`);
    expect(model.userPool.id).toBe(IDS.userPoolId);
    expect(model.userPool.arn).toBe(`arn:aws:cognito-idp:eu-west-1:123456789012:userpool/${IDS.userPoolId}`);
    expect(model.userPool.clientId).toBe(IDS.userPoolClientId);
    expect(model.identityPool.id).toBe(IDS.identityPoolId);
  });

  it('gives roles IAM ARNs', () => {
    expect(roleOf(model, 'VaultUserRole').arn).toBe(
      'arn:aws:iam::123456789012:role/s3vault-test-VaultUserRole-x7k2m9q4',
    );
    expect(roleOf(model, 'VaultAdminRole').name).toBe('s3vault-test-VaultAdminRole-x7k2m9q4');
  });

  it('resolves the outputs to exactly the connection profile', () => {
    expect(model.outputs).toEqual({
      Region: IDS.region,
      UserPoolId: IDS.userPoolId,
      UserPoolClientId: IDS.userPoolClientId,
      IdentityPoolId: IDS.identityPoolId,
      Bucket: model.bucket.name,
      KeyArn: model.key.arn,
      VaultId: IDS.stackName,
    });
  });

  it('is deterministic: the same ids give the same model', () => {
    expect(loadModel()).toEqual(model);
  });
});
