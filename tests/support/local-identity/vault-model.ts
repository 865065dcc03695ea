import { fileURLToPath } from 'node:url';
import type { LocalIds, VaultModel } from '../../../src/local/core/model';
import { loadVaultModel } from '../../../src/local/template';

/**
 * The real infra/vault.yaml, resolved for fixed local ids, so the KMS,
 * Cognito Identity and STS tests run against the template's own policies.
 */
const TEMPLATE = fileURLToPath(new URL('../../../infra/vault.yaml', import.meta.url));

export const IDS: LocalIds = {
  accountId: '123456789012',
  region: 'us-east-1',
  stackName: 's3vault-test',
  userPoolId: 'us-east-1_TestPool01',
  userPoolClientId: 'fixtureclientid0000000000',
  identityPoolId: 'us-east-1:0b7c5c39-5c39-4b7c-8f3a-6c2f1d1e9a01',
  keyId: '6f1d2a9e-3c4b-4e5f-9a8b-7c6d5e4f3a2b',
  suffix: 'abcd1234',
};

/** A fresh model (tests may change it), with template parameters such as { AllowClassicFlow: 'false' }. */
export function vaultModel(parameters: Record<string, string> = {}): VaultModel {
  return loadVaultModel(TEMPLATE, IDS, { parameters });
}

const model = vaultModel();
const roleArn = (logicalId: string) => model.roles.find((role) => role.logicalId === logicalId)!.arn;

export const ACCOUNT_ID = model.accountId;
export const REGION = model.region;
export const STACK = model.vaultId;
export const KEY_ID = model.key.keyId;
export const KEY_ARN = model.key.arn;
export const IDENTITY_POOL_ID = model.identityPool.id;
export const CLIENT_ID = model.userPool.clientId;
export const USER_POOL_ID = model.userPool.id;
export const PROVIDER_NAME = model.identityPool.providers[0]!.providerName;
export const USER_ROLE_ARN = roleArn('VaultUserRole');
export const ADMIN_ROLE_ARN = roleArn('VaultAdminRole');
export const NO_ACCESS_ROLE_ARN = roleArn('VaultNoAccessRole');
