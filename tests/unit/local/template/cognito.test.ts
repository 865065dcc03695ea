import { describe, expect, it } from 'vitest';
import { IDS, loadModel, roleOf } from './fixture';

describe('loadVaultModel: Cognito', () => {
  const model = loadModel();

  it('reads the user pool and its SRP-only client', () => {
    const pool = model.userPool;
    expect(pool.name).toBe('s3vault-users');
    expect(pool.explicitAuthFlows).toEqual(['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
    expect(pool.passwordPolicy).toEqual({
      MinimumLength: 12,
      RequireUppercase: true,
      RequireLowercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
    });
    expect(pool.mfaConfiguration).toBe('OPTIONAL');
    expect(pool.enabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect([pool.accessTokenValidity, pool.idTokenValidity, pool.refreshTokenValidity]).toEqual([
      3600,
      3600,
      30 * 86400,
    ]);
    expect(pool.usernameCaseSensitive).toBe(false);
    expect(pool.allowAdminCreateUserOnly).toBe(true);
    expect(pool.preventUserExistenceErrors).toBe(true);
  });

  it('maps the groups to the roles with their precedence', () => {
    expect(model.userPool.groups).toEqual([
      {
        name: 'vault-users',
        roleArn: roleOf(model, 'VaultUserRole').arn,
        precedence: 10,
        description: 'Members of the vault',
      },
      {
        name: 'vault-admins',
        roleArn: roleOf(model, 'VaultAdminRole').arn,
        precedence: 1,
        description: 'Members who may also read bucket-wide metrics and access logs',
      },
    ]);
  });

  it('reads the identity pool with Token role mapping that denies the ambiguous', () => {
    const pool = model.identityPool;
    expect(pool.name).toBe('s3vault_identities');
    expect(pool.allowUnauthenticated).toBe(false);
    expect(pool.allowClassicFlow).toBe(true);
    expect(pool.providers).toEqual([
      {
        providerName: `cognito-idp.${IDS.region}.amazonaws.com/${IDS.userPoolId}`,
        clientId: IDS.userPoolClientId,
        serverSideTokenCheck: true,
      },
    ]);
    expect(pool.roleMapping).toEqual({ type: 'Token', ambiguousRoleResolution: 'Deny' });
    // The default authenticated role CloudFormation requires is a role without permissions.
    const fallback = model.roles.find((role) => role.arn === pool.authenticatedRoleArn);
    expect(fallback?.logicalId).toBe('VaultNoAccessRole');
    expect(fallback?.policies).toEqual([]);
  });

  it('takes parameter overrides: AllowClassicFlow=false', () => {
    expect(loadModel({ parameters: { AllowClassicFlow: 'false' } }).identityPool.allowClassicFlow).toBe(false);
  });

  it('checks overrides against AllowedValues', () => {
    expect(() => loadModel({ parameters: { AllowClassicFlow: 'maybe' } })).toThrow(/AllowClassicFlow = maybe/);
    expect(() => loadModel({ parameters: { Nope: 'x' } })).toThrow(/no such parameter/);
  });
});
