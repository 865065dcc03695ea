import { describe, expect, it, vi } from 'vitest';
import type { CognitoTokens } from '../../../../src/main/vault/auth/tokens';
import { createVaultSession } from '../../../../src/main/vault/credentials/create-vault-session';
import type { IdentityClients } from '../../../../src/main/vault/credentials/vault-credentials';
import { VaultError } from '../../../../src/main/vault/errors';
import type { VaultProfile } from '../../../../src/main/vault/profile';
import { fakeJwt } from '../../../support/fake-jwt';

const profile: VaultProfile = {
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_Pool1',
  userPoolClientId: 'client1',
  identityPoolId: 'eu-west-1:00000000-0000-0000-0000-000000000000',
  bucket: 'vault-bucket',
  keyArn: 'arn:aws:kms:eu-west-1:123456789012:key/k1',
  vaultId: 'v1',
};

const tokens = (n: number, groups = ['vault-users']): CognitoTokens => ({
  idToken: fakeJwt({
    'cognito:username': 'alice',
    'cognito:groups': groups,
    'cognito:preferred_role': 'arn:aws:iam::123456789012:role/vault-user',
    n,
  }),
  accessToken: `access${n}`,
  refreshToken: 'refresh',
  expiresAt: new Date(Date.now() + 3_600_000),
});

type Input = Record<string, unknown>;

/** Fake identity-pool and STS clients that record each command and answer from `handlers`. */
function fakeClients(handlers: Record<string, (input: Input) => unknown>) {
  const calls: Array<{ command: string; input: Input }> = [];
  const client = () => ({
    send: vi.fn(async (command: { constructor: { name: string }; input: Input }) => {
      const name = command.constructor.name.replace(/Command$/, '');
      calls.push({ command: name, input: command.input });
      const handler = handlers[name];
      if (!handler) throw new Error(`unexpected ${name}`);
      return handler(command.input);
    }),
    destroy: vi.fn(),
  });
  const clients = { identity: client(), sts: client() };
  return { clients: clients as unknown as IdentityClients, calls, raw: clients };
}

const expiration = new Date(Date.now() + 3_600_000);
const poolCredentials = {
  Credentials: { AccessKeyId: 'ASIA1', SecretKey: 'secret', SessionToken: 'token', Expiration: expiration },
};

describe('createVaultSession', () => {
  it('uses the enhanced flow by default with the user-pool Logins key', async () => {
    const { clients, calls } = fakeClients({
      GetId: () => ({ IdentityId: 'eu-west-1:id-1' }),
      GetCredentialsForIdentity: () => poolCredentials,
    });
    const session = await createVaultSession(profile, tokens(1), { clients });
    expect(session).toMatchObject({
      flow: 'enhanced',
      username: 'alice',
      identityId: 'eu-west-1:id-1',
      isAdmin: false,
    });
    expect(calls[0]).toEqual({
      command: 'GetId',
      input: {
        IdentityPoolId: profile.identityPoolId,
        Logins: { 'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool1': tokens(1).idToken },
      },
    });
    expect(await session.currentCredentials()).toEqual({
      accessKeyId: 'ASIA1',
      secretAccessKey: 'secret',
      sessionToken: 'token',
      expiration,
    });
  });

  it('uses the classic flow with the preferred role and DurationSeconds when the profile sets sessionSeconds', async () => {
    const { clients, calls } = fakeClients({
      GetOpenIdToken: () => ({ Token: 'open-id' }),
      AssumeRoleWithWebIdentity: () => ({
        Credentials: { AccessKeyId: 'ASIA2', SecretAccessKey: 's', SessionToken: 't', Expiration: expiration },
      }),
    });
    const session = await createVaultSession({ ...profile, sessionSeconds: 43_200 }, tokens(1), {
      clients,
      identityId: 'eu-west-1:known',
    });
    expect(session.flow).toBe('classic');
    expect(calls.map((c) => c.command)).toEqual(['GetOpenIdToken', 'AssumeRoleWithWebIdentity']);
    expect(calls[1]!.input).toEqual({
      RoleArn: 'arn:aws:iam::123456789012:role/vault-user',
      RoleSessionName: 's3vault-alice',
      WebIdentityToken: 'open-id',
      DurationSeconds: 43_200,
    });
    expect((await session.currentCredentials()).accessKeyId).toBe('ASIA2');
  });

  it('refreshes the tokens once when the identity pool refuses the ID token, then retries', async () => {
    let refused = false;
    const { clients, calls } = fakeClients({
      GetId: () => ({ IdentityId: 'eu-west-1:id-1' }),
      GetCredentialsForIdentity: () => {
        if (!refused) {
          refused = true;
          throw Object.assign(new Error('Token has been revoked.'), {
            name: 'NotAuthorizedException',
            $metadata: { httpStatusCode: 403 },
          });
        }
        return poolCredentials;
      },
    });
    const refreshed = tokens(2, ['vault-users', 'vault-admins']);
    const refresh = vi.fn(async () => refreshed);
    const session = await createVaultSession(profile, tokens(1), { clients, refresh });
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(calls.at(-1)!.input.Logins).toEqual({
      'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool1': refreshed.idToken,
    });
    // Group membership follows the newest ID token.
    expect(session.isAdmin).toBe(true);
  });

  it('fails with AUTH_REQUIRED when the refresh after a refusal fails too', async () => {
    const { clients } = fakeClients({
      GetId: () => {
        throw Object.assign(new Error('Token expired'), {
          name: 'NotAuthorizedException',
          $metadata: { httpStatusCode: 403 },
        });
      },
    });
    const refresh = vi.fn(async () => {
      throw new VaultError('AUTH_REQUIRED', 'Your session has ended; sign in again.');
    });
    await expect(createVaultSession(profile, tokens(1), { clients, refresh })).rejects.toMatchObject({
      code: 'AUTH_REQUIRED',
      message: 'Your session has ended; sign in again.',
    });
  });

  it('says ACCESS_DENIED at once for an account the pool gives no role', async () => {
    const { clients } = fakeClients({
      GetId: () => ({ IdentityId: 'eu-west-1:id-1' }),
      GetCredentialsForIdentity: () => {
        throw Object.assign(new Error('Invalid identity pool configuration.'), {
          name: 'InvalidIdentityPoolConfigurationException',
          $metadata: { httpStatusCode: 400 },
        });
      },
    });
    await expect(createVaultSession(profile, tokens(1), { clients })).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
  });

  it('closes its SDK clients', async () => {
    const { clients, raw } = fakeClients({ GetCredentialsForIdentity: () => poolCredentials });
    const session = await createVaultSession(profile, tokens(1), { clients, identityId: 'eu-west-1:id-1' });
    session.close();
    session.close();
    expect(raw.identity.destroy).toHaveBeenCalledTimes(1);
    expect(raw.sts.destroy).toHaveBeenCalledTimes(1);
  });

  it('makes no identity-pool call when given the identity id and still-valid credentials of an earlier run', async () => {
    const { clients, calls } = fakeClients({});
    const cached = { accessKeyId: 'ASIA0', secretAccessKey: 's0', sessionToken: 't0', expiration };
    const session = await createVaultSession(profile, tokens(1), {
      clients,
      identityId: 'eu-west-1:id-1',
      credentials: cached,
    });
    expect(session.identityId).toBe('eu-west-1:id-1');
    expect(await session.currentCredentials()).toEqual(cached);
    expect((await session.credentials()).accessKeyId).toBe('ASIA0');
    expect(calls).toEqual([]);
  });

  it('fetches new credentials at once when the given ones are within the early-refresh window', async () => {
    const { clients, calls } = fakeClients({ GetCredentialsForIdentity: () => poolCredentials });
    const session = await createVaultSession(profile, tokens(1), {
      clients,
      identityId: 'eu-west-1:id-1',
      credentials: {
        accessKeyId: 'ASIA0',
        secretAccessKey: 's0',
        sessionToken: 't0',
        expiration: new Date(Date.now() + 240_000),
      },
    });
    expect(calls.map((call) => call.command)).toEqual(['GetCredentialsForIdentity']);
    expect((await session.currentCredentials()).accessKeyId).toBe('ASIA1');
  });
});
