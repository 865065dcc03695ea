import { describe, expect, it } from 'vitest';
import { otpauthUri } from '../../../../src/main/vault/auth/otpauth';
import { normalizeTotpCode } from '../../../../src/main/vault/auth/sign-in';
import { cognitoTokens, idTokenClaims, isAdminToken } from '../../../../src/main/vault/auth/tokens';
import { userPoolEndpoint } from '../../../../src/main/vault/auth/user-pool';
import { fakeJwt } from '../../../support/fake-jwt';

const jwt = fakeJwt;

describe('ID token claims', () => {
  it('reads username, groups, roles and expiry; admin means vault-admins', () => {
    const idToken = jwt({
      'cognito:username': 'ada',
      sub: 's-1',
      'cognito:groups': ['vault-admins', 'vault-users'],
      'cognito:roles': ['arn:aws:iam::1:role/admin', 'arn:aws:iam::1:role/user'],
      'cognito:preferred_role': 'arn:aws:iam::1:role/admin',
      exp: 2_000_000_000,
    });
    expect(idTokenClaims(idToken)).toEqual({
      username: 'ada',
      sub: 's-1',
      groups: ['vault-admins', 'vault-users'],
      roles: ['arn:aws:iam::1:role/admin', 'arn:aws:iam::1:role/user'],
      preferredRole: 'arn:aws:iam::1:role/admin',
      exp: 2_000_000_000,
    });
    expect(isAdminToken(idToken)).toBe(true);
    expect(isAdminToken(jwt({ 'cognito:groups': ['vault-users'] }))).toBe(false);
    expect(isAdminToken(jwt({}))).toBe(false);
  });

  it('takes the earlier of the ID and access token expiries', () => {
    const tokens = cognitoTokens(jwt({ exp: 2000 }), jwt({ exp: 1000 }), 'refresh');
    expect(tokens.expiresAt).toEqual(new Date(1_000_000));
  });
});

describe('otpauthUri', () => {
  it('builds the Key Uri Format authenticator apps read', () => {
    expect(otpauthUri('alice', 'ABCDEF234567')).toBe(
      'otpauth://totp/S3%20Vault:alice?secret=ABCDEF234567&issuer=S3%20Vault',
    );
    expect(otpauthUri('a b@c', 'abcd ef==')).toBe(
      'otpauth://totp/S3%20Vault:a%20b%40c?secret=ABCDEF&issuer=S3%20Vault',
    );
  });
});

describe('normalizeTotpCode', () => {
  it('accepts six digits with spaces or a dash, refuses the rest before any request', () => {
    expect(normalizeTotpCode(' 123 456 ')).toBe('123456');
    expect(normalizeTotpCode('123-456')).toBe('123456');
    for (const bad of ['12345', '1234567', 'abcdef', '']) {
      expect(() => normalizeTotpCode(bad)).toThrow('Type the 6-digit code from your authenticator app.');
    }
  });
});

describe('userPoolEndpoint', () => {
  const base = {
    region: 'us-east-1',
    userPoolId: 'us-east-1_abc',
    userPoolClientId: 'client',
    identityPoolId: 'us-east-1:0000',
    bucket: 'bucket',
    keyArn: 'arn:aws:kms:us-east-1:123456789012:key/k',
    vaultId: 'v',
  };
  it('adds the trailing slash the library needs, and leaves AWS itself alone', () => {
    expect(userPoolEndpoint({ ...base, endpoint: 'http://127.0.0.1:4566' })).toBe('http://127.0.0.1:4566/');
    expect(userPoolEndpoint({ ...base, endpoint: 'http://127.0.0.1:4566/' })).toBe('http://127.0.0.1:4566/');
    expect(userPoolEndpoint(base)).toBeUndefined();
  });
});
