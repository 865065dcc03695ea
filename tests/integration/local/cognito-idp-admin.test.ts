/**
 * Admin calls, error shapes and edge cases of the local user pool: what an
 * administrator and a misbehaving client see.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  codeFromLog,
  expectSuccess,
  libraryUser,
  OTHER_PASSWORD,
  PASSWORD,
  signIn,
  startPool,
  vaultModel,
  type RunningPool,
} from '../../unit/local/cognito-idp/support';

describe('local user pool: admin calls and errors', () => {
  let pool: RunningPool;
  let poolId: string;
  let clientId: string;

  beforeAll(async () => {
    pool = await startPool();
    ({ id: poolId, clientId } = pool.model.userPool);
  });
  afterAll(() => pool.close());

  it('answers protocol errors in the JSON 1.1 shape', async () => {
    expect(await pool.call('AdminGetUser', { UserPoolId: poolId, Username: 'x' })).toEqual({
      status: 400,
      body: { __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' },
    });
    expect((await pool.call('NoSuchOperation', {})).body.__type).toBe('UnknownOperationException');
    const raw = await fetch(`${pool.url}/`, {
      method: 'POST',
      headers: {
        'X-Amz-Target': 'AWSCognitoIdentityProviderService.InitiateAuth',
        'Content-Type': 'application/x-amz-json-1.1',
      },
      body: '{not json',
    });
    expect(raw.status).toBe(400);
    expect(raw.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(raw.headers.get('x-amzn-errortype')).toBe('SerializationException');
    expect((await pool.call('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', AuthParameters: {} })).body).toEqual({
      __type: 'InvalidParameterException',
      message:
        "1 validation error detected: Value null at 'clientId' failed to satisfy constraint: Member must not be null",
    });
  });

  it('refuses an unknown app client as Cognito does', async () => {
    const outcome = await signIn(libraryUser(pool.libraryPool('nosuchclient'), 'alice'), PASSWORD);
    expect(outcome).toMatchObject({
      kind: 'failure',
      error: { code: 'ResourceNotFoundException', message: 'User pool client nosuchclient does not exist.' },
    });
  });

  it('creates users, invites by log, and rejects duplicates and weak passwords', async () => {
    const created = await pool.admin('AdminCreateUser', {
      Username: 'kate',
      UserAttributes: [{ Name: 'email', Value: 'kate@example.com' }],
    });
    expect(created.User).toMatchObject({
      Username: 'kate',
      UserStatus: 'FORCE_CHANGE_PASSWORD',
      Attributes: expect.arrayContaining([{ Name: 'email', Value: 'kate@example.com' }]),
    });
    const temporary = codeFromLog(pool.logs, /invitation for kate: temporary password (\S+)/);
    expect((await signIn(libraryUser(pool.libraryPool(), 'kate'), temporary)).kind).toBe('newPasswordRequired');

    const duplicate = await pool.call('AdminCreateUser', { UserPoolId: poolId, Username: 'kate' }, true);
    expect(duplicate.body).toEqual({ __type: 'UsernameExistsException', message: 'User account already exists' });
    const weak = await pool.call(
      'AdminCreateUser',
      { UserPoolId: poolId, Username: 'lee', TemporaryPassword: 'short' },
      true,
    );
    expect(weak.body).toEqual({
      __type: 'InvalidPasswordException',
      message: 'Password did not conform with policy: Password not long enough',
    });
    const otherPool = await pool.call('AdminGetUser', { UserPoolId: 'us-east-1_Other', Username: 'kate' }, true);
    expect(otherPool.body).toEqual({
      __type: 'ResourceNotFoundException',
      message: 'User pool us-east-1_Other does not exist.',
    });
    const missing = await pool.call('AdminGetUser', { UserPoolId: poolId, Username: 'nobody' }, true);
    expect(missing.body).toEqual({ __type: 'UserNotFoundException', message: 'User does not exist.' });
  });

  it('sets passwords, permanent or temporary', async () => {
    await pool.admin('AdminCreateUser', { Username: 'mike', MessageAction: 'SUPPRESS' });
    await pool.admin('AdminSetUserPassword', { Username: 'mike', Password: PASSWORD, Permanent: true });
    expect(await pool.admin('AdminGetUser', { Username: 'mike' })).toMatchObject({
      UserStatus: 'CONFIRMED',
      Enabled: true,
    });
    expectSuccess(await signIn(libraryUser(pool.libraryPool(), 'mike'), PASSWORD));
    await pool.admin('AdminSetUserPassword', { Username: 'mike', Password: OTHER_PASSWORD, Permanent: false });
    expect((await signIn(libraryUser(pool.libraryPool(), 'mike'), OTHER_PASSWORD)).kind).toBe('newPasswordRequired');
  });

  it('manages group membership, reflected in tokens at the next sign-in or refresh', async () => {
    pool.service.adminCreateUser('nina', PASSWORD, []);
    expect(await pool.admin('AdminListGroupsForUser', { Username: 'nina' })).toEqual({ Groups: [] });
    await pool.admin('AdminAddUserToGroup', { Username: 'nina', GroupName: 'vault-admins' });
    await pool.admin('AdminAddUserToGroup', { Username: 'nina', GroupName: 'vault-admins' }); // idempotent
    const groups = (await pool.admin('AdminListGroupsForUser', { Username: 'nina' })).Groups as Array<
      Record<string, unknown>
    >;
    expect(groups).toEqual([expect.objectContaining({ GroupName: 'vault-admins', Precedence: 1, UserPoolId: poolId })]);
    const { session } = expectSuccess(await signIn(libraryUser(pool.libraryPool(), 'nina'), PASSWORD));
    expect(session.getIdToken().decodePayload()['cognito:groups']).toEqual(['vault-admins']);

    await pool.admin('AdminRemoveUserFromGroup', { Username: 'nina', GroupName: 'vault-admins' });
    const after = expectSuccess(await signIn(libraryUser(pool.libraryPool(), 'nina'), PASSWORD)).session;
    expect(after.getIdToken().decodePayload()['cognito:groups']).toBeUndefined();
    const unknown = await pool.call(
      'AdminAddUserToGroup',
      { UserPoolId: poolId, Username: 'nina', GroupName: 'nope' },
      true,
    );
    expect(unknown.body).toEqual({ __type: 'ResourceNotFoundException', message: 'Group not found.' });
  });

  it('disables and enables users; disabling revokes their tokens', async () => {
    pool.service.adminCreateUser('olga', PASSWORD, ['vault-users']);
    const { session } = expectSuccess(await signIn(libraryUser(pool.libraryPool(), 'olga'), PASSWORD));
    await pool.admin('AdminDisableUser', { Username: 'olga' });
    expect(await signIn(libraryUser(pool.libraryPool(), 'olga'), PASSWORD)).toMatchObject({
      kind: 'failure',
      error: { code: 'NotAuthorizedException', message: 'User is disabled.' },
    });
    expect(() => pool.service.idTokens.verify(session.getIdToken().getJwtToken())).toThrow(/Invalid login token/);
    await pool.admin('AdminEnableUser', { Username: 'olga' });
    expectSuccess(await signIn(libraryUser(pool.libraryPool(), 'olga'), PASSWORD));
  });

  it('signs a user out everywhere and deletes users', async () => {
    pool.service.adminCreateUser('pete', PASSWORD, ['vault-users']);
    const first = expectSuccess(await signIn(libraryUser(pool.libraryPool(), 'pete'), PASSWORD)).session;
    await pool.admin('AdminUserGlobalSignOut', { Username: 'pete' });
    expect(() => pool.service.idTokens.verify(first.getIdToken().getJwtToken())).toThrow(/revoked/);

    const second = expectSuccess(await signIn(libraryUser(pool.libraryPool(), 'pete'), PASSWORD)).session;
    await pool.admin('AdminDeleteUser', { Username: 'pete' });
    expect(() => pool.service.idTokens.verify(second.getIdToken().getJwtToken())).toThrow(/Invalid login token/);
    expect((await pool.call('GetUser', { AccessToken: second.getAccessToken().getJwtToken() })).body.__type).toBe(
      'NotAuthorizedException',
    );
    expect(await signIn(libraryUser(pool.libraryPool(), 'pete'), PASSWORD)).toMatchObject({
      kind: 'failure',
      error: { message: 'Incorrect username or password.' },
    });
    // A new user under the same name is a different person: the old tokens stay dead.
    pool.service.adminCreateUser('pete', PASSWORD, ['vault-users']);
    expect(() => pool.service.idTokens.verify(second.getIdToken().getJwtToken())).toThrow(/Invalid login token/);
  });

  it('lists users with filters and pages', async () => {
    for (const name of ['list-a', 'list-b', 'list-c']) pool.service.adminCreateUser(name, PASSWORD, []);
    const page1 = await pool.admin('ListUsers', { Filter: 'username ^= "list-"', Limit: 2 });
    expect((page1.Users as Array<{ Username: string }>).map((u) => u.Username)).toEqual(['list-a', 'list-b']);
    const page2 = await pool.admin('ListUsers', {
      Filter: 'username ^= "list-"',
      Limit: 2,
      PaginationToken: page1.PaginationToken,
    });
    expect((page2.Users as Array<{ Username: string }>).map((u) => u.Username)).toEqual(['list-c']);
    expect(page2.PaginationToken).toBeUndefined();
    const exact = await pool.admin('ListUsers', { Filter: 'email = "kate@example.com"' });
    expect((exact.Users as Array<{ Username: string }>).map((u) => u.Username)).toEqual(['kate']);
    const bad = await pool.call('ListUsers', { UserPoolId: poolId, Filter: 'password = "x"' }, true);
    expect(bad.body.__type).toBe('InvalidParameterException');
  });

  it('changes a password with the access token and checks the old one', async () => {
    pool.service.adminCreateUser('quinn', PASSWORD, []);
    const { session } = expectSuccess(await signIn(libraryUser(pool.libraryPool(), 'quinn'), PASSWORD));
    const accessToken = session.getAccessToken().getJwtToken();
    const wrong = await pool.call('ChangePassword', {
      AccessToken: accessToken,
      PreviousPassword: OTHER_PASSWORD,
      ProposedPassword: OTHER_PASSWORD,
    });
    expect(wrong.body).toEqual({ __type: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    const ok = await pool.call('ChangePassword', {
      AccessToken: accessToken,
      PreviousPassword: PASSWORD,
      ProposedPassword: OTHER_PASSWORD,
    });
    expect(ok).toEqual({ status: 200, body: {} });
    expectSuccess(await signIn(libraryUser(pool.libraryPool(), 'quinn'), OTHER_PASSWORD));
    expect(await pool.call('GetUser', { AccessToken: accessToken })).toMatchObject({
      status: 200,
      body: { Username: 'quinn', UserAttributes: [expect.objectContaining({ Name: 'sub' })] },
    });
  });

  it('revokes one sign-in with RevokeToken (the library signOut with a callback)', async () => {
    pool.service.adminCreateUser('rita', PASSWORD, []);
    const user = libraryUser(pool.libraryPool(), 'rita');
    const { session } = expectSuccess(await signIn(user, PASSWORD));
    await new Promise<void>((resolve, reject) => user.signOut((error?: Error) => (error ? reject(error) : resolve())));
    expect(() => pool.service.idTokens.verify(session.getIdToken().getJwtToken())).toThrow(/revoked/);
    const refreshed = await pool.call('InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: clientId,
      AuthParameters: { REFRESH_TOKEN: session.getRefreshToken().getToken() },
    });
    expect(refreshed.body.__type).toBe('NotAuthorizedException');
  });

  it('never accepts the same PASSWORD_VERIFIER answer twice', async () => {
    pool.service.adminCreateUser('sam', PASSWORD, []);
    const bodies: string[] = [];
    const realFetch = globalThis.fetch;
    const spy = vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
      const target = new Headers(init?.headers).get('x-amz-target');
      if (target?.endsWith('RespondToAuthChallenge')) bodies.push(String(init?.body));
      return realFetch(input, init);
    });
    try {
      expectSuccess(await signIn(libraryUser(pool.libraryPool(), 'sam'), PASSWORD));
    } finally {
      spy.mockRestore();
    }
    const replay = await pool.call('RespondToAuthChallenge', JSON.parse(bodies[0]!));
    expect(replay.body).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Invalid session for the user, session is expired.',
    });
  });

  it('keeps tokens only as long as the pool says', async () => {
    pool.service.adminCreateUser('tess', PASSWORD, []);
    const { session } = expectSuccess(await signIn(libraryUser(pool.libraryPool(), 'tess'), PASSWORD));
    pool.clock.advance(pool.model.userPool.idTokenValidity * 1000 + 1000);
    try {
      expect(() => pool.service.idTokens.verify(session.getIdToken().getJwtToken())).toThrow(/Token expired/);
      expect((await pool.call('GetUser', { AccessToken: session.getAccessToken().getJwtToken() })).body).toEqual({
        __type: 'NotAuthorizedException',
        message: 'Access Token has expired',
      });
      // The refresh token (30 days) still gives new tokens.
      const refreshed = await pool.call('InitiateAuth', {
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: clientId,
        AuthParameters: { REFRESH_TOKEN: session.getRefreshToken().getToken() },
      });
      expect(refreshed.status).toBe(200);
      expect(refreshed.body.AuthenticationResult).toMatchObject({ TokenType: 'Bearer', ExpiresIn: 3600 });
      expect((refreshed.body.AuthenticationResult as Record<string, unknown>).RefreshToken).toBeUndefined();
    } finally {
      pool.clock.advance(-(pool.model.userPool.idTokenValidity * 1000 + 1000));
    }
  });

  it('rejects tampered tokens', async () => {
    pool.service.adminCreateUser('uma', PASSWORD, ['vault-users']);
    const { session } = expectSuccess(await signIn(libraryUser(pool.libraryPool(), 'uma'), PASSWORD));
    const [header, payload, signature] = session.getIdToken().getJwtToken().split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, 'cognito:groups': ['vault-admins'] })).toString('base64url');
    expect(() => pool.service.idTokens.verify(`${header}.${forged}.${signature}`)).toThrow(
      /Couldn't verify signed token/,
    );
    const none = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    expect(() => pool.service.idTokens.verify(`${none}.${payload}.`)).toThrow(/Invalid login token/);
  });
});

describe('local user pool: client and pool settings', () => {
  it('refuses USER_SRP_AUTH when the client does not allow it, and serves USER_PASSWORD_AUTH when it does', async () => {
    const pool = await startPool({
      model: vaultModel({ explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
    });
    try {
      pool.service.adminCreateUser('vera', PASSWORD, []);
      expect(await signIn(libraryUser(pool.libraryPool(), 'vera'), PASSWORD)).toMatchObject({
        kind: 'failure',
        error: { code: 'InvalidParameterException', message: 'USER_SRP_AUTH flow not enabled for this client' },
      });
      const auth = (password: string) =>
        pool.call('InitiateAuth', {
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: pool.model.userPool.clientId,
          AuthParameters: { USERNAME: 'vera', PASSWORD: password },
        });
      expect((await auth(PASSWORD)).body.AuthenticationResult).toBeDefined();
      expect((await auth(OTHER_PASSWORD)).body).toEqual({
        __type: 'NotAuthorizedException',
        message: 'Incorrect username or password.',
      });

      // A temporary password expires after TemporaryPasswordValidityDays.
      await pool.admin('AdminCreateUser', {
        Username: 'wade',
        TemporaryPassword: OTHER_PASSWORD,
        MessageAction: 'SUPPRESS',
      });
      pool.clock.advance(8 * 86_400_000);
      const expired = await pool.call('InitiateAuth', {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: pool.model.userPool.clientId,
        AuthParameters: { USERNAME: 'wade', PASSWORD: OTHER_PASSWORD },
      });
      expect(expired.body).toEqual({
        __type: 'NotAuthorizedException',
        message: 'Temporary password has expired and must be reset by an administrator.',
      });
    } finally {
      await pool.close();
    }
  });

  it('tells unknown users apart only for clients with legacy user-existence errors', async () => {
    const pool = await startPool({ model: vaultModel({ preventUserExistenceErrors: false }) });
    try {
      expect(await signIn(libraryUser(pool.libraryPool(), 'ghost'), PASSWORD)).toMatchObject({
        kind: 'failure',
        error: { code: 'UserNotFoundException' },
      });
    } finally {
      await pool.close();
    }
  });

  it('asks every user to set up MFA when the pool requires it', async () => {
    const pool = await startPool({ model: vaultModel({ mfaConfiguration: 'ON' }) });
    try {
      pool.service.adminCreateUser('xena', PASSWORD, []);
      expect((await signIn(libraryUser(pool.libraryPool(), 'xena'), PASSWORD)).kind).toBe('mfaSetup');
    } finally {
      await pool.close();
    }
  });

  it('seeds users idempotently for `s3vault local --user`', async () => {
    const pool = await startPool();
    try {
      pool.service.adminCreateUser('yann', PASSWORD, ['vault-users']);
      pool.service.adminCreateUser('yann', OTHER_PASSWORD, ['vault-users', 'vault-admins']);
      expectSuccess(await signIn(libraryUser(pool.libraryPool(), 'yann'), OTHER_PASSWORD));
      expect(await pool.admin('AdminGetUser', { Username: 'yann' })).toMatchObject({ UserStatus: 'CONFIRMED' });
      expect(((await pool.admin('AdminListGroupsForUser', { Username: 'yann' })).Groups as unknown[]).length).toBe(2);
      expect(() => pool.service.adminCreateUser('zoe', PASSWORD, ['no-such-group'])).toThrow(/no-such-group/);
      expect(() => pool.service.adminCreateUser('zoe', 'weak', [])).toThrow(/Password did not conform/);
    } finally {
      await pool.close();
    }
  });
});
