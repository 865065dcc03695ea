import { describe, expect, it } from 'vitest';
import type { IdTokenClaims } from '../../../../src/local/core/id-tokens';
import type { IdentityPoolModel } from '../../../../src/local/core/model';
import { resolveRole } from '../../../../src/local/cognito-identity/role-resolution';

const A = 'arn:aws:iam::1:role/A';
const B = 'arn:aws:iam::1:role/B';
const DEFAULT = 'arn:aws:iam::1:role/Default';
const provider = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_X';

function pool(mapping: IdentityPoolModel['roleMapping']): IdentityPoolModel {
  return {
    id: 'p',
    name: 'p',
    allowUnauthenticated: false,
    allowClassicFlow: false,
    providers: [],
    authenticatedRoleArn: DEFAULT,
    roleMapping: mapping,
  };
}
function claims(roles?: string[], preferred?: string): IdTokenClaims {
  return {
    sub: 's',
    'cognito:username': 'u',
    ...(roles ? { 'cognito:roles': roles } : {}),
    ...(preferred ? { 'cognito:preferred_role': preferred } : {}),
    aud: 'c',
    iss: 'i',
    exp: 0,
    iat: 0,
    auth_time: 0,
    token_use: 'id',
  };
}
const deny = pool({ type: 'Token', ambiguousRoleResolution: 'Deny' });
const fallback = pool({ type: 'Token', ambiguousRoleResolution: 'AuthenticatedRole' });

describe('role mapping by token', () => {
  it('takes the preferred role, else the only role', () => {
    expect(resolveRole(deny, provider, claims([A, B], A))).toBe(A);
    expect(resolveRole(deny, provider, claims([B]))).toBe(B);
  });

  it('denies, or falls back to the authenticated role, when the token is ambiguous or has no role', () => {
    for (const token of [claims([A, B]), claims()]) {
      expect(() => resolveRole(deny, provider, token)).toThrow(
        expect.objectContaining({ type: 'NotAuthorizedException', status: 403 }),
      );
      expect(resolveRole(fallback, provider, token)).toBe(DEFAULT);
    }
  });

  it('honours CustomRoleArn only among the roles of the token', () => {
    expect(resolveRole(deny, provider, claims([A, B], A), B)).toBe(B);
    expect(() => resolveRole(deny, provider, claims([A], A), DEFAULT)).toThrow(
      expect.objectContaining({ type: 'NotAuthorizedException' }),
    );
  });

  it('uses the authenticated role without a mapping, and refuses Rules mappings it cannot evaluate', () => {
    expect(resolveRole(pool(null), provider, claims([A], A))).toBe(DEFAULT);
    expect(() =>
      resolveRole(pool({ type: 'Rules', ambiguousRoleResolution: 'Deny' }), provider, claims([A], A)),
    ).toThrow(expect.objectContaining({ type: 'InvalidIdentityPoolConfigurationException' }));
  });
});
