import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LocalIds, VaultModel } from '../../../../src/local/core/model';
import type { Principal } from '../../../../src/local/core/principal';
import { buildVaultModel, loadVaultModel, type LoadVaultModelOptions } from '../../../../src/local/template';

/** infra/vault.yaml, the template every local vault is seeded from. */
export const TEMPLATE_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../infra/vault.yaml');

/** The physical ids of one local vault, as src/local would persist them. */
export const IDS: LocalIds = {
  accountId: '123456789012',
  region: 'eu-west-1',
  stackName: 's3vault-test',
  userPoolId: 'eu-west-1_Abc123XYZ',
  userPoolClientId: '4h7kq2client0000000000000',
  identityPoolId: 'eu-west-1:0f6f1c2e-1111-4222-8333-444455556666',
  keyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
  suffix: 'x7k2m9q4',
};

export const ALICE_ID = 'eu-west-1:aaaaaaaa-0000-4000-8000-000000000001';
export const BOB_ID = 'eu-west-1:bbbbbbbb-0000-4000-8000-000000000002';

export function loadModel(options?: LoadVaultModelOptions): VaultModel {
  return loadVaultModel(TEMPLATE_PATH, IDS, options);
}

/** Loads the template after a textual edit; fails the test if the edit did not apply. */
export function loadModified(edit: (text: string) => string): VaultModel {
  const original = readFileSync(TEMPLATE_PATH, 'utf8');
  const modified = edit(original);
  if (modified === original) throw new Error('the test edit did not change the template');
  return buildVaultModel(modified, 'modified vault.yaml', IDS);
}

export function roleOf(model: VaultModel, logicalId: string) {
  const role = model.roles.find((candidate) => candidate.logicalId === logicalId);
  if (!role) throw new Error(`no role ${logicalId}`);
  return role;
}

/** A session of a vault role, as Cognito Identity would issue it to one identity. */
export function sessionOf(model: VaultModel, logicalId: string, identityId: string): Principal {
  const role = roleOf(model, logicalId);
  return {
    kind: 'assumed-role',
    accountId: model.accountId,
    arn: `arn:aws:sts::${model.accountId}:assumed-role/${role.name}/CognitoIdentityCredentials`,
    roleArn: role.arn,
    roleName: role.name,
    sessionName: 'CognitoIdentityCredentials',
    identityId,
    identityPoolId: model.identityPool.id,
  };
}

export function adminOf(model: VaultModel): Principal {
  return { kind: 'account-admin', accountId: model.accountId, arn: `arn:aws:iam::${model.accountId}:root` };
}
