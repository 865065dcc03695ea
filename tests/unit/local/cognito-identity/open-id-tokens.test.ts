import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createOpenIdSigner } from '../../../../src/local/cognito-identity/open-id-signer';
import {
  COGNITO_IDENTITY_ISSUER,
  createOpenIdTokens,
  OpenIdTokenError,
} from '../../../../src/local/cognito-identity/open-id-tokens';

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 's3vault-openid-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const amr = ['authenticated', 'cognito-idp.us-east-1.amazonaws.com/us-east-1_X'];

describe('Cognito Identity OpenID tokens', () => {
  it('verify with the same key after a restart, the key kept owner-only', () => {
    const dir = dataDir();
    const token = createOpenIdTokens(createOpenIdSigner({ dataDir: dir }), COGNITO_IDENTITY_ISSUER, Date.now).issue(
      'us-east-1:id',
      'us-east-1:pool',
      amr,
    );
    const verified = createOpenIdTokens(createOpenIdSigner({ dataDir: dir }), COGNITO_IDENTITY_ISSUER, Date.now).verify(
      token,
    );
    expect(verified).toMatchObject({ identityId: 'us-east-1:id', identityPoolId: 'us-east-1:pool', amr });
    expect(statSync(path.join(dir, 'cognito-identity-signing-key.json')).mode & 0o777).toBe(0o600);
  });

  it('refuse tampered, unsigned, foreign and expired tokens', () => {
    let now = Date.now();
    const signer = createOpenIdSigner({ dataDir: dataDir() });
    const tokens = createOpenIdTokens(signer, COGNITO_IDENTITY_ISSUER, () => now);
    const token = tokens.issue('us-east-1:id', 'us-east-1:pool', amr);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const invalid = expect.objectContaining({ reason: 'invalid' });
    expect(() => tokens.verify(`${header}.${b64({ ...claims, sub: 'us-east-1:other' })}.${signature}`)).toThrow(
      invalid,
    );
    expect(() =>
      tokens.verify(
        `${b64({ alg: 'none', kid: JSON.parse(Buffer.from(header, 'base64url').toString()).kid })}.${payload}.`,
      ),
    ).toThrow(invalid);
    const foreign = createOpenIdTokens(createOpenIdSigner({ dataDir: dataDir() }), COGNITO_IDENTITY_ISSUER, () => now);
    expect(() => foreign.verify(token)).toThrow(OpenIdTokenError);
    const otherIssuer = createOpenIdTokens(signer, 'https://elsewhere', () => now);
    expect(() => tokens.verify(otherIssuer.issue('a', 'b', amr))).toThrow(invalid);
    now += 600_000;
    expect(() => tokens.verify(token)).toThrow(expect.objectContaining({ reason: 'expired' }));
  });
});
