import { describe, expect, it } from 'vitest';
import { IDS, loadModel, roleOf } from './fixture';

describe('loadVaultModel: IAM roles', () => {
  const model = loadModel();

  it('declares the member, admin and no-access roles with their session limits', () => {
    expect(model.roles.map((role) => [role.logicalId, role.maxSessionDuration])).toEqual([
      ['VaultUserRole', 43200],
      ['VaultAdminRole', 43200],
      ['VaultNoAccessRole', 3600],
    ]);
  });

  it('resolves the trust policy to this identity pool', () => {
    const trust = JSON.stringify(roleOf(model, 'VaultUserRole').trustPolicy);
    expect(trust).toContain(`"cognito-identity.amazonaws.com:aud":"${IDS.identityPoolId}"`);
    expect(trust).toContain('"Federated":"cognito-identity.amazonaws.com"');
  });

  it('attaches the member policy to both vault roles and the admin policy to the admin only', () => {
    const user = roleOf(model, 'VaultUserRole');
    const admin = roleOf(model, 'VaultAdminRole');
    expect(user.policies).toHaveLength(1);
    expect(admin.policies).toHaveLength(2);
    expect(admin.policies[0]).toBe(user.policies[0]);
  });

  it('keeps ${!...} escapes as literal IAM policy variables', () => {
    const text = JSON.stringify(roleOf(model, 'VaultUserRole').policies[0]);
    expect(text).toContain(`${model.bucket.arn}/private/\${cognito-identity.amazonaws.com:sub}/*`);
    expect(text).not.toContain('${!');
  });
});
