import {
  CognitoIdentityClient,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  GetOpenIdTokenCommand,
} from '@aws-sdk/client-cognito-identity';
import { KMS } from '@aws-sdk/client-kms';
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VaultModel } from '../../../src/local/core/model';
import {
  startIdentityBackend,
  stopIdentityBackends,
  type IdentityBackend,
} from '../../support/local-identity/identity-backend';
import {
  ACCOUNT_ID,
  ADMIN_ROLE_ARN,
  IDENTITY_POOL_ID,
  KEY_ARN,
  NO_ACCESS_ROLE_ARN,
  PROVIDER_NAME,
  REGION,
  STACK,
  USER_ROLE_ARN,
  vaultModel,
} from '../../support/local-identity/vault-model';

const ALICE = '0f0f0f0f-aaaa-4aaa-8aaa-000000000001';
const BOB = '0f0f0f0f-bbbb-4bbb-8bbb-000000000002';
const USER_ROLE_NAME = USER_ROLE_ARN.split('/').pop()!;
const ADMIN_ROLE_NAME = ADMIN_ROLE_ARN.split('/').pop()!;

type Backend = IdentityBackend;
/** Shifts the identity pool's clock, to mint OpenID tokens that are already expired for STS. */
let identityClockShift = 0;
const startBackend = (model: VaultModel = vaultModel(), dataDir?: string) =>
  startIdentityBackend({ model, dataDir, identityNow: () => Date.now() + identityClockShift });

const cognito = (b: Backend) => new CognitoIdentityClient({ endpoint: b.endpoint, region: REGION, maxAttempts: 1 });
type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const sts = (b: Backend, credentials?: Creds) =>
  new STSClient({ endpoint: b.endpoint, region: REGION, maxAttempts: 1, ...(credentials ? { credentials } : {}) });
const logins = (token: string) => ({ [PROVIDER_NAME]: token });

async function signIn(b: Backend, sub: string, options: Parameters<Backend['tokens']['mint']>[1]) {
  const token = b.tokens.mint(sub, options);
  const { IdentityId } = await cognito(b).send(
    new GetIdCommand({ IdentityPoolId: IDENTITY_POOL_ID, Logins: logins(token) }),
  );
  return { token, identityId: IdentityId! };
}
const member = { roles: [USER_ROLE_ARN], preferredRole: USER_ROLE_ARN, groups: ['vault-users'] };

let backend: Backend;
beforeAll(async () => {
  backend = await startBackend();
});
afterAll(stopIdentityBackends);

describe('identity pool: GetId', () => {
  it('gives each user one stable identity id of the form <region>:<uuid>, kept across restarts', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 's3vault-identity-'));
    const first = await startBackend(vaultModel(), dataDir);
    const alice = await signIn(first, ALICE, member);
    expect(alice.identityId).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
    expect((await signIn(first, ALICE, member)).identityId).toBe(alice.identityId);
    expect((await signIn(first, BOB, member)).identityId).not.toBe(alice.identityId);
    const restarted = await startBackend(vaultModel(), dataDir);
    expect((await signIn(restarted, ALICE, member)).identityId).toBe(alice.identityId);
  });

  it('refuses unknown pools, missing logins, unknown providers and bad or expired tokens', async () => {
    const client = cognito(backend);
    const token = backend.tokens.mint(ALICE, member);
    await expect(
      client.send(
        new GetIdCommand({ IdentityPoolId: 'us-east-1:00000000-0000-0000-0000-000000000000', Logins: logins(token) }),
      ),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
    await expect(client.send(new GetIdCommand({ IdentityPoolId: IDENTITY_POOL_ID }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Unauthenticated access is not supported for this identity pool.',
      $metadata: { httpStatusCode: 403 },
    });
    await expect(
      client.send(new GetIdCommand({ IdentityPoolId: IDENTITY_POOL_ID, Logins: { 'accounts.google.com': token } })),
    ).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
    await expect(
      client.send(new GetIdCommand({ IdentityPoolId: IDENTITY_POOL_ID, Logins: logins('forged') })),
    ).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: expect.stringContaining('Invalid login token'),
    });
    const expired = backend.tokens.mint(ALICE, { ...member, lifetimeSeconds: -1 });
    await expect(
      client.send(new GetIdCommand({ IdentityPoolId: IDENTITY_POOL_ID, Logins: logins(expired) })),
    ).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: expect.stringContaining('Token expired'),
    });
    const otherClient = backend.tokens.mint(ALICE, { ...member, clientId: 'someotherclient' });
    await expect(
      client.send(new GetIdCommand({ IdentityPoolId: IDENTITY_POOL_ID, Logins: logins(otherClient) })),
    ).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
  });
});

describe('identity pool: enhanced flow', () => {
  it('gives a vault member one-hour credentials for the role of their group, usable with KMS and STS', async () => {
    const { token, identityId } = await signIn(backend, ALICE, member);
    const started = Date.now();
    const answer = await cognito(backend).send(
      new GetCredentialsForIdentityCommand({ IdentityId: identityId, Logins: logins(token) }),
    );
    expect(answer.IdentityId).toBe(identityId);
    const { AccessKeyId, SecretKey, SessionToken, Expiration } = answer.Credentials!;
    expect(AccessKeyId).toMatch(/^ASIA/);
    expect(SecretKey).toHaveLength(40);
    expect(Expiration).toBeInstanceOf(Date);
    expect(Expiration!.getTime() - started).toBeGreaterThan(3590_000);
    expect(Expiration!.getTime() - started).toBeLessThanOrEqual(3600_000);
    const credentials = { accessKeyId: AccessKeyId!, secretAccessKey: SecretKey!, sessionToken: SessionToken! };

    const caller = await sts(backend, credentials).send(new GetCallerIdentityCommand({}));
    expect(caller.Arn).toBe(`arn:aws:sts::${ACCOUNT_ID}:assumed-role/${USER_ROLE_NAME}/CognitoIdentityCredentials`);
    expect(caller.Account).toBe(ACCOUNT_ID);
    expect(caller.UserId).toMatch(/^AROA[A-Z2-7]{17}:CognitoIdentityCredentials$/);

    const kms = new KMS({ endpoint: backend.endpoint, region: REGION, credentials, maxAttempts: 1 });
    const key = await kms.generateDataKey({
      KeyId: KEY_ARN,
      KeySpec: 'AES_256',
      EncryptionContext: { vault: STACK, owner: identityId, file: 'f' },
    });
    expect(key.Plaintext).toHaveLength(32);
    await expect(
      kms.generateDataKey({
        KeyId: KEY_ARN,
        KeySpec: 'AES_256',
        EncryptionContext: { vault: STACK, owner: `${REGION}:someone-else`, file: 'f' },
      }),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });

  it('maps roles by token: preferred role, else the only role, else Deny', async () => {
    const client = cognito(backend);
    const roleOf = async (sub: string, options: Parameters<Backend['tokens']['mint']>[1]) => {
      const { token, identityId } = await signIn(backend, sub, options);
      const answer = await client.send(
        new GetCredentialsForIdentityCommand({ IdentityId: identityId, Logins: logins(token) }),
      );
      const creds = answer.Credentials!;
      const caller = await sts(backend, {
        accessKeyId: creds.AccessKeyId!,
        secretAccessKey: creds.SecretKey!,
        sessionToken: creds.SessionToken!,
      }).send(new GetCallerIdentityCommand({}));
      return caller.Arn!.split('/')[1];
    };
    expect(await roleOf('sub-admin', { roles: [ADMIN_ROLE_ARN, USER_ROLE_ARN], preferredRole: ADMIN_ROLE_ARN })).toBe(
      ADMIN_ROLE_NAME,
    );
    expect(await roleOf('sub-single', { roles: [USER_ROLE_ARN] })).toBe(USER_ROLE_NAME);
    await expect(roleOf('sub-ambiguous', { roles: [ADMIN_ROLE_ARN, USER_ROLE_ARN] })).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: `The ambiguous role mapping rules for: ${PROVIDER_NAME} denied this request.`,
    });
    await expect(roleOf('sub-outsider', {})).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('takes a CustomRoleArn only among the roles of the token', async () => {
    const { token, identityId } = await signIn(backend, 'sub-both', {
      roles: [ADMIN_ROLE_ARN, USER_ROLE_ARN],
      preferredRole: ADMIN_ROLE_ARN,
    });
    const client = cognito(backend);
    await expect(
      client.send(
        new GetCredentialsForIdentityCommand({
          IdentityId: identityId,
          Logins: logins(token),
          CustomRoleArn: USER_ROLE_ARN,
        }),
      ),
    ).resolves.toBeDefined();
    await expect(
      client.send(
        new GetCredentialsForIdentityCommand({
          IdentityId: identityId,
          Logins: logins(token),
          CustomRoleArn: NO_ACCESS_ROLE_ARN,
        }),
      ),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it("refuses someone else's identity, unknown identities and missing logins", async () => {
    const alice = await signIn(backend, ALICE, member);
    const bob = await signIn(backend, BOB, member);
    const client = cognito(backend);
    await expect(
      client.send(new GetCredentialsForIdentityCommand({ IdentityId: alice.identityId, Logins: logins(bob.token) })),
    ).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: "Logins don't match. Please include at least one valid login for this identity or identity pool.",
    });
    await expect(
      client.send(
        new GetCredentialsForIdentityCommand({
          IdentityId: `${REGION}:00000000-0000-4000-8000-000000000000`,
          Logins: logins(alice.token),
        }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(
      client.send(new GetCredentialsForIdentityCommand({ IdentityId: alice.identityId })),
    ).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
  });

  it('refuses a role whose trust policy does not name this identity pool', async () => {
    const model = vaultModel();
    model.roles[0]!.trustPolicy = JSON.parse(
      JSON.stringify(model.roles[0]!.trustPolicy).replace(IDENTITY_POOL_ID, `${REGION}:another-pool`),
    );
    const misconfigured = await startBackend(model);
    const { token, identityId } = await signIn(misconfigured, ALICE, member);
    await expect(
      cognito(misconfigured).send(
        new GetCredentialsForIdentityCommand({ IdentityId: identityId, Logins: logins(token) }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidIdentityPoolConfigurationException', $metadata: { httpStatusCode: 400 } });
  });
});

describe('identity pool + STS: classic flow', () => {
  async function openIdToken(b: Backend, sub = ALICE) {
    const { token, identityId } = await signIn(b, sub, member);
    const answer = await cognito(b).send(new GetOpenIdTokenCommand({ IdentityId: identityId, Logins: logins(token) }));
    expect(answer.IdentityId).toBe(identityId);
    return { identityId, webIdentityToken: answer.Token! };
  }
  const assume = (b: Backend, WebIdentityToken: string, RoleArn = USER_ROLE_ARN, DurationSeconds?: number) =>
    sts(b).send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn,
        RoleSessionName: 'vault-session',
        WebIdentityToken,
        DurationSeconds,
      }),
    );

  it('issues an RS256 OpenID token for the identity, valid for ten minutes', async () => {
    const { identityId, webIdentityToken } = await openIdToken(backend);
    const [header, payload] = webIdentityToken
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    expect(header).toMatchObject({ alg: 'RS256' });
    expect(payload).toMatchObject({
      iss: 'https://cognito-identity.amazonaws.com',
      aud: IDENTITY_POOL_ID,
      sub: identityId,
      amr: ['authenticated', PROVIDER_NAME, `${PROVIDER_NAME}:CognitoSignIn:${ALICE}`],
    });
    expect(payload.exp - payload.iat).toBe(600);
    expect(backend.identity.jwks().keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', kid: header.kid });
  });

  it('trades it for role credentials of up to 12 hours; 43201 seconds is refused', async () => {
    const { identityId, webIdentityToken } = await openIdToken(backend);
    const started = Date.now();
    const answer = await assume(backend, webIdentityToken, USER_ROLE_ARN, 43_200);
    const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = answer.Credentials!;
    expect(Expiration!.getTime() - started).toBeGreaterThan(43_190_000);
    expect(answer.AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${ACCOUNT_ID}:assumed-role/${USER_ROLE_NAME}/vault-session`);
    expect(answer.AssumedRoleUser!.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:vault-session$/);
    expect(answer.SubjectFromWebIdentityToken).toBe(identityId);
    expect(answer.Audience).toBe(IDENTITY_POOL_ID);
    expect(answer.Provider).toBe('cognito-identity.amazonaws.com');

    const caller = await sts(backend, {
      accessKeyId: AccessKeyId!,
      secretAccessKey: SecretAccessKey!,
      sessionToken: SessionToken!,
    }).send(new GetCallerIdentityCommand({}));
    expect(caller.Arn).toBe(answer.AssumedRoleUser!.Arn);
    expect(caller.UserId).toBe(answer.AssumedRoleUser!.AssumedRoleId);

    await expect(assume(backend, webIdentityToken, USER_ROLE_ARN, 43_201)).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringContaining('less than or equal to 43200'),
      $metadata: { httpStatusCode: 400 },
    });
    await expect(assume(backend, webIdentityToken, USER_ROLE_ARN, 899)).rejects.toMatchObject({
      name: 'ValidationError',
    });
    await expect(assume(backend, webIdentityToken, NO_ACCESS_ROLE_ARN, 7200)).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    });
  });

  it('refuses unknown roles, forged tokens and expired tokens', async () => {
    const { webIdentityToken } = await openIdToken(backend);
    await expect(
      assume(backend, webIdentityToken, `arn:aws:iam::${ACCOUNT_ID}:role/NotInTheVault`),
    ).rejects.toMatchObject({
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    });
    const [head, body, signature] = webIdentityToken.split('.');
    const payload = JSON.parse(Buffer.from(body!, 'base64url').toString());
    const forged = `${head}.${Buffer.from(JSON.stringify({ ...payload, sub: `${REGION}:someone-else` })).toString('base64url')}.${signature}`;
    await expect(assume(backend, forged)).rejects.toMatchObject({
      name: 'InvalidIdentityTokenException',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(assume(backend, 'not.a.jwt')).rejects.toMatchObject({
      name: 'InvalidIdentityTokenException',
      $metadata: { httpStatusCode: 400 },
    });

    identityClockShift = -11 * 60_000;
    const stale = await openIdToken(backend).finally(() => (identityClockShift = 0));
    await expect(assume(backend, stale.webIdentityToken)).rejects.toMatchObject({ name: 'ExpiredTokenException' });
  });

  it('skips the role mapping, as AWS does: the trust policy alone decides (why the template makes classic flow optional)', async () => {
    const { webIdentityToken } = await openIdToken(backend, 'sub-member-only');
    const answer = await assume(backend, webIdentityToken, ADMIN_ROLE_ARN);
    expect(answer.AssumedRoleUser!.Arn).toContain(ADMIN_ROLE_NAME);
  });

  it('is refused when the pool does not allow classic flow', async () => {
    const closed = await startBackend(vaultModel({ AllowClassicFlow: 'false' }));
    const { token, identityId } = await signIn(closed, ALICE, member);
    await expect(
      cognito(closed).send(new GetOpenIdTokenCommand({ IdentityId: identityId, Logins: logins(token) })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Basic (classic) flow is not enabled, please use enhanced flow.',
    });
  });

  it('still accepts, after a restart, OpenID tokens issued before it', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 's3vault-identity-'));
    const before = await startBackend(vaultModel(), dataDir);
    const { webIdentityToken } = await openIdToken(before);
    const after = await startBackend(vaultModel(), dataDir);
    await expect(assume(after, webIdentityToken)).resolves.toMatchObject({ Audience: IDENTITY_POOL_ID });
  });
});
