import { describe, expect, it } from 'vitest';
import type { AuthzRequest } from '../../../../src/local/core/authorizer';
import type { PolicyDocument } from '../../../../src/local/core/policy-types';
import { createAuthorizer } from '../../../../src/local/iam';
import { ALICE_ID, BOB_ID, adminOf, loadModel, roleOf, sessionOf } from '../template/fixture';

const model = loadModel();
const authorizer = createAuthorizer(model);
const alice = sessionOf(model, 'VaultUserRole', ALICE_ID);
const bob = sessionOf(model, 'VaultUserRole', BOB_ID);
const keyArn = model.key.arn;

function kms(
  principal: AuthzRequest['principal'],
  action: string,
  encryptionContext: Record<string, string>,
  policy: PolicyDocument | null = model.key.policy,
) {
  const context: AuthzRequest['context'] = {
    'kms:CallerAccount': model.accountId,
    'kms:EncryptionContextKeys': Object.keys(encryptionContext),
  };
  for (const [key, value] of Object.entries(encryptionContext)) context[`kms:EncryptionContext:${key}`] = value;
  return authorizer.authorize({ principal, action, resource: keyArn, context }, policy);
}

describe('KMS access under the key policy and the role policies', () => {
  const own = { vault: model.vaultId, owner: ALICE_ID, file: 'f-1' };

  it('lets alice generate data keys for her own owner id in this vault', () => {
    expect(kms(alice, 'kms:GenerateDataKey', own)).toBe('allow');
  });

  it("denies alice data keys for bob's owner id", () => {
    expect(kms(alice, 'kms:GenerateDataKey', { ...own, owner: BOB_ID })).toBe('implicit-deny');
    expect(kms(alice, 'kms:GenerateDataKey', { vault: model.vaultId, file: 'f-1' })).toBe('implicit-deny');
  });

  it('explicitly denies data keys and decryption for another vault id', () => {
    expect(kms(alice, 'kms:Decrypt', { ...own, vault: 'another-vault' })).toBe('explicit-deny');
    expect(kms(alice, 'kms:GenerateDataKey', { ...own, vault: 'another-vault' })).toBe('explicit-deny');
    expect(kms(alice, 'kms:Decrypt', { owner: ALICE_ID })).toBe('explicit-deny');
  });

  it("lets bob decrypt a data key of alice's file in this vault (share links)", () => {
    expect(kms(bob, 'kms:Decrypt', own)).toBe('allow');
  });

  it('lets members read key facts but not manage the key', () => {
    expect(kms(alice, 'kms:DescribeKey', {})).toBe('allow');
    expect(kms(alice, 'kms:GetKeyRotationStatus', {})).toBe('allow');
    expect(kms(alice, 'kms:ScheduleKeyDeletion', {})).toBe('implicit-deny');
    expect(kms(alice, 'kms:GenerateDataKeyWithoutPlaintext', own)).toBe('implicit-deny');
  });

  it('leaves the account admin in control through the account principal', () => {
    expect(kms(adminOf(model), 'kms:ScheduleKeyDeletion', {})).toBe('allow');
    expect(kms(adminOf(model), 'kms:GenerateDataKey', { vault: 'anything' })).toBe('allow');
  });

  it('needs the key policy: no key policy, or one without the account principal, allows nothing via IAM', () => {
    expect(kms(alice, 'kms:GenerateDataKey', own, null)).toBe('implicit-deny');
    const noDelegation: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'kms:*', Resource: '*' },
      ],
    };
    expect(kms(alice, 'kms:GenerateDataKey', own, noDelegation)).toBe('implicit-deny');
  });

  it('shows why the template names no role in a key-policy Allow: it would bypass the owner condition', () => {
    const direct: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: roleOf(model, 'VaultUserRole').arn },
          Action: 'kms:GenerateDataKey',
          Resource: '*',
        },
      ],
    };
    expect(kms(alice, 'kms:GenerateDataKey', { ...own, owner: BOB_ID }, direct)).toBe('allow');
  });
});
