/**
 * The local user pool judged by the real amazon-cognito-identity-js: SRP
 * sign-in, tokens verified against the served JWKS, NEW_PASSWORD_REQUIRED,
 * refresh, global sign-out, forgot password, and a restart on the same data.
 */
import { createPublicKey, verify as verifySignature, type JsonWebKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  codeFromLog,
  expectSuccess,
  completeNewPassword,
  confirmPassword,
  forgotPassword,
  globalSignOut,
  libraryUser,
  OTHER_PASSWORD,
  PASSWORD,
  refresh,
  signIn,
  startPool,
  type Outcome,
  type RunningPool,
} from '../../unit/local/cognito-idp/support';

function expectFailure(outcome: Outcome, code: string, message?: string): void {
  expect(outcome.kind).toBe('failure');
  if (outcome.kind !== 'failure') return;
  expect(outcome.error.code).toBe(code);
  if (message !== undefined) expect(outcome.error.message).toBe(message);
}

/** Verifies a JWT's RS256 signature with the key the JWKS publishes under its kid. */
async function verifyWithJwks(pool: RunningPool, token: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${pool.url}/${pool.model.userPool.id}/.well-known/jwks.json`);
  expect(response.status).toBe(200);
  const { keys } = (await response.json()) as { keys: Array<JsonWebKey & { kid: string; alg: string; use: string }> };
  const [headerPart, payloadPart, signaturePart] = token.split('.') as [string, string, string];
  const header = JSON.parse(Buffer.from(headerPart, 'base64url').toString()) as { kid: string; alg: string };
  expect(header.alg).toBe('RS256');
  const jwk = keys.find((key) => key.kid === header.kid);
  expect(jwk).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
  const publicKey = createPublicKey({ key: jwk!, format: 'jwk' });
  const ok = verifySignature(
    'RSA-SHA256',
    Buffer.from(`${headerPart}.${payloadPart}`),
    publicKey,
    Buffer.from(signaturePart, 'base64url'),
  );
  expect(ok).toBe(true);
  return JSON.parse(Buffer.from(payloadPart, 'base64url').toString()) as Record<string, unknown>;
}

describe('local user pool with amazon-cognito-identity-js', () => {
  let pool: RunningPool;

  beforeAll(async () => {
    pool = await startPool();
    pool.service.adminCreateUser('alice', PASSWORD, ['vault-users']);
    pool.service.adminCreateUser('root', PASSWORD, ['vault-users', 'vault-admins']);
  });
  afterAll(() => pool.close());

  it('signs in with SRP and issues tokens that verify against the JWKS, with Cognito claims', async () => {
    const user = libraryUser(pool.libraryPool(), 'alice');
    const { session } = expectSuccess(await signIn(user, PASSWORD));
    const issuer = `${pool.url}/${pool.model.userPool.id}`;
    const { clientId } = pool.model.userPool;

    const id = await verifyWithJwks(pool, session.getIdToken().getJwtToken());
    expect(id).toMatchObject({
      iss: issuer,
      aud: clientId,
      token_use: 'id',
      'cognito:username': 'alice',
      'cognito:groups': ['vault-users'],
      'cognito:roles': [pool.model.userPool.groups.find((g) => g.name === 'vault-users')!.roleArn],
      'cognito:preferred_role': pool.model.userPool.groups.find((g) => g.name === 'vault-users')!.roleArn,
    });
    expect(id.sub).toMatch(/^[0-9a-f-]{36}$/);
    expect(id.exp).toBe((id.iat as number) + pool.model.userPool.idTokenValidity);
    for (const claim of ['auth_time', 'event_id', 'origin_jti', 'jti']) expect(id[claim]).toBeDefined();

    const access = await verifyWithJwks(pool, session.getAccessToken().getJwtToken());
    expect(access).toMatchObject({
      iss: issuer,
      client_id: clientId,
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      username: 'alice',
      sub: id.sub,
      origin_jti: id.origin_jti,
    });
    expect(session.isValid()).toBe(true);

    // The identity pool's view of the same token.
    expect(pool.service.idTokens.verify(session.getIdToken().getJwtToken(), clientId)).toMatchObject({ sub: id.sub });
    expect(() => pool.service.idTokens.verify(session.getIdToken().getJwtToken(), 'another-client')).toThrow(
      /Invalid login token/,
    );
    expect(() => pool.service.idTokens.verify(session.getAccessToken().getJwtToken())).toThrow(/Invalid login token/);
  });

  it('prefers the admin role for a member of both groups (lowest precedence wins)', async () => {
    const { session } = expectSuccess(await signIn(libraryUser(pool.libraryPool(), 'root'), PASSWORD));
    const claims = pool.service.idTokens.verify(session.getIdToken().getJwtToken());
    const admins = pool.model.userPool.groups.find((g) => g.name === 'vault-admins')!;
    expect(claims['cognito:groups']).toEqual(['vault-admins', 'vault-users']);
    expect(claims['cognito:preferred_role']).toBe(admins.roleArn);
    expect(claims['cognito:roles']).toHaveLength(2);
  });

  it('refuses a wrong password and an unknown user with the same NotAuthorizedException', async () => {
    expectFailure(
      await signIn(libraryUser(pool.libraryPool(), 'alice'), 'Wrong-Password-1'),
      'NotAuthorizedException',
      'Incorrect username or password.',
    );
    expectFailure(
      await signIn(libraryUser(pool.libraryPool(), 'nobody'), PASSWORD),
      'NotAuthorizedException',
      'Incorrect username or password.',
    );
  });

  it('matches usernames without regard to case, as the template declares (CaseSensitive: false)', async () => {
    const { session } = expectSuccess(await signIn(libraryUser(pool.libraryPool(), 'ALICE'), PASSWORD));
    expect(session.getIdToken().decodePayload()['cognito:username']).toBe('alice');
  });

  it('refreshes a session, and global sign-out makes refresh and the old tokens fail', async () => {
    pool.service.adminCreateUser('carol', PASSWORD, ['vault-users']);
    const user = libraryUser(pool.libraryPool(), 'carol');
    const { session } = expectSuccess(await signIn(user, PASSWORD));
    const first = session.getIdToken().decodePayload();

    const refreshed = expectSuccess(await refresh(user, session)).session;
    const second = refreshed.getIdToken().decodePayload();
    expect(second.jti).not.toBe(first.jti);
    expect(second.origin_jti).toBe(first.origin_jti);
    expect(second.auth_time).toBe(first.auth_time);
    expect(pool.service.idTokens.verify(refreshed.getIdToken().getJwtToken()).sub).toBe(first.sub);

    // A second, independent sign-in of the same user is signed out too.
    const other = libraryUser(pool.libraryPool(), 'carol');
    const otherSession = expectSuccess(await signIn(other, PASSWORD)).session;

    await globalSignOut(user);
    // (The library retries a failed refresh with backoff for about six seconds before it reports it.)
    expectFailure(await refresh(libraryUser(pool.libraryPool(), 'carol'), session), 'NotAuthorizedException');
    const otherRefresh = await pool.call('InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: pool.model.userPool.clientId,
      AuthParameters: { REFRESH_TOKEN: otherSession.getRefreshToken().getToken() },
    });
    expect(otherRefresh).toMatchObject({ status: 400, body: { __type: 'NotAuthorizedException' } });
    expect(() => pool.service.idTokens.verify(refreshed.getIdToken().getJwtToken())).toThrow(/Invalid login token/);
    const getUser = await pool.call('GetUser', { AccessToken: otherSession.getAccessToken().getJwtToken() });
    expect(getUser).toMatchObject({
      status: 400,
      body: { __type: 'NotAuthorizedException', message: 'Access Token has been revoked' },
    });

    // Signing in again right away works: only the earlier sign-ins were revoked.
    const again = expectSuccess(await signIn(libraryUser(pool.libraryPool(), 'carol'), PASSWORD)).session;
    expect(pool.service.idTokens.verify(again.getIdToken().getJwtToken()).sub).toBe(first.sub);
  });

  it('takes a temporary password through NEW_PASSWORD_REQUIRED', async () => {
    const created = await pool.admin('AdminCreateUser', {
      Username: 'dave',
      TemporaryPassword: 'Temporary-Pass-1',
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: 'dave@example.com' },
        { Name: 'email_verified', Value: 'true' },
      ],
    });
    expect(created.User).toMatchObject({ Username: 'dave', UserStatus: 'FORCE_CHANGE_PASSWORD', Enabled: true });
    expect(pool.logs.join('\n')).not.toContain('Temporary-Pass-1');

    const user = libraryUser(pool.libraryPool(), 'dave');
    const challenge = await signIn(user, 'Temporary-Pass-1');
    expect(challenge).toMatchObject({ kind: 'newPasswordRequired', userAttributes: { email: 'dave@example.com' } });

    expectFailure(await completeNewPassword(user, 'too-weak'), 'InvalidPasswordException');
    const { session } = expectSuccess(await completeNewPassword(user, OTHER_PASSWORD));
    expect(session.getIdToken().decodePayload()).toMatchObject({ email: 'dave@example.com', email_verified: true });

    expect(await pool.admin('AdminGetUser', { Username: 'dave' })).toMatchObject({ UserStatus: 'CONFIRMED' });
    expectSuccess(await signIn(libraryUser(pool.libraryPool(), 'dave'), OTHER_PASSWORD));
    expectFailure(await signIn(libraryUser(pool.libraryPool(), 'dave'), 'Temporary-Pass-1'), 'NotAuthorizedException');
  });

  it('resets a forgotten password with the code written to the log', async () => {
    pool.service.adminCreateUser('erin', PASSWORD, []);
    const user = libraryUser(pool.libraryPool(), 'erin');
    const delivery = (await forgotPassword(user)) as { CodeDeliveryDetails: { DeliveryMedium: string } };
    expect(delivery.CodeDeliveryDetails.DeliveryMedium).toBe('EMAIL');
    const code = codeFromLog(pool.logs, /password reset code for erin: (\d{6})/);

    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    expectFailure(await confirmPassword(user, wrong, OTHER_PASSWORD), 'CodeMismatchException');
    expectFailure(await confirmPassword(user, code, 'weak'), 'InvalidPasswordException');
    expect(await confirmPassword(user, code, OTHER_PASSWORD)).toEqual({ kind: 'verified' });
    expectFailure(await confirmPassword(user, code, OTHER_PASSWORD), 'ExpiredCodeException');

    expectSuccess(await signIn(libraryUser(pool.libraryPool(), 'erin'), OTHER_PASSWORD));
    expectFailure(await signIn(libraryUser(pool.libraryPool(), 'erin'), PASSWORD), 'NotAuthorizedException');

    // An unknown user gets the same answer and no code (PreventUserExistenceErrors).
    await expect(forgotPassword(libraryUser(pool.libraryPool(), 'nobody'))).resolves.toBeDefined();
    expect(pool.logs.some((line) => line.includes('nobody'))).toBe(false);
  });

  it('keeps users, sessions and the signing key across a restart on the same data folder', async () => {
    pool.service.adminCreateUser('frank', PASSWORD, ['vault-users']);
    const user = libraryUser(pool.libraryPool(), 'frank');
    const { session } = expectSuccess(await signIn(user, PASSWORD));
    const jwksBefore = await (await fetch(`${pool.url}/${pool.model.userPool.id}/.well-known/jwks.json`)).json();

    const restarted = await startPool({ dataDir: pool.dataDir, model: pool.model });
    try {
      const jwksAfter = await (
        await fetch(`${restarted.url}/${restarted.model.userPool.id}/.well-known/jwks.json`)
      ).json();
      expect(jwksAfter).toEqual(jwksBefore);
      expectSuccess(await signIn(libraryUser(restarted.libraryPool(), 'frank'), PASSWORD));
      expectSuccess(await signIn(libraryUser(restarted.libraryPool(), 'dave'), OTHER_PASSWORD));
      // The refresh token issued before the restart still works against the new instance.
      const oldSession = libraryUser(restarted.libraryPool(), 'frank');
      expectSuccess(await refresh(oldSession, session));
      expect(await restarted.admin('AdminListGroupsForUser', { Username: 'frank' })).toMatchObject({
        Groups: [{ GroupName: 'vault-users' }],
      });
    } finally {
      await restarted.close();
    }
  });
});
