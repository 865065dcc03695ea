/**
 * TOTP with the real amazon-cognito-identity-js: set-up when signed in,
 * SOFTWARE_TOKEN_MFA at sign-in, wrong and replayed codes, and MFA_SETUP for a
 * user who must have MFA. Codes come from an independent RFC 6238
 * implementation in the test, on a clock the test moves.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  associateSoftwareToken,
  expectSuccess,
  freshCode,
  libraryUser,
  PASSWORD,
  rfc6238,
  sendTotp,
  setTotpPreference,
  signIn,
  startPool,
  verifySoftwareToken,
  type RunningPool,
} from '../../unit/local/cognito-idp/support';

/** A code that is wrong for every step the server would accept. */
function wrongCode(pool: RunningPool, secret: string): string {
  const near = [-30_000, 0, 30_000].map((delta) => rfc6238(secret, pool.clock.now() + delta));
  let code = Number(near[1]);
  do code = (code + 1) % 1_000_000;
  while (near.includes(String(code).padStart(6, '0')));
  return String(code).padStart(6, '0');
}

describe('TOTP MFA with amazon-cognito-identity-js', () => {
  let pool: RunningPool;

  // A pool (and clock) per test, so moving the clock for TOTP steps does not add up across tests.
  beforeEach(async () => {
    pool = await startPool();
  });
  afterEach(() => pool.close());

  it('sets up TOTP for a signed-in user, then asks for a code at every sign-in', async () => {
    pool.service.adminCreateUser('grace', PASSWORD, ['vault-users']);
    const user = libraryUser(pool.libraryPool(), 'grace');
    expectSuccess(await signIn(user, PASSWORD));

    const secret = await associateSoftwareToken(user);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await verifySoftwareToken(user, wrongCode(pool, secret))).toMatchObject({
      kind: 'failure',
      error: { code: 'EnableSoftwareTokenMFAException' },
    });
    // Without a verified token, TOTP cannot be switched on.
    expect(await verifySoftwareToken(user, freshCode(pool.clock, secret))).toEqual({ kind: 'verified' });
    await setTotpPreference(user, true);
    expect(await pool.admin('AdminGetUser', { Username: 'grace' })).toMatchObject({
      PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA',
      UserMFASettingList: ['SOFTWARE_TOKEN_MFA'],
    });

    // Wrong code: CodeMismatchException, and the same session may try again.
    const next = libraryUser(pool.libraryPool(), 'grace');
    expect(await signIn(next, PASSWORD)).toEqual({ kind: 'totpRequired' });
    expect(await sendTotp(next, wrongCode(pool, secret))).toMatchObject({
      kind: 'failure',
      error: { code: 'CodeMismatchException' },
    });
    const code = freshCode(pool.clock, secret);
    const { session } = expectSuccess(await sendTotp(next, code));
    expect(pool.service.idTokens.verify(session.getIdToken().getJwtToken())['cognito:username']).toBe('grace');

    // The same code is not accepted twice (RFC 6238 §5.2), even in a new sign-in within its window.
    const replay = libraryUser(pool.libraryPool(), 'grace');
    expect(await signIn(replay, PASSWORD)).toEqual({ kind: 'totpRequired' });
    expect(await sendTotp(replay, code)).toMatchObject({ kind: 'failure', error: { code: 'CodeMismatchException' } });
    expectSuccess(await sendTotp(replay, freshCode(pool.clock, secret)));

    // Switching TOTP off again: sign-in goes straight to tokens.
    await setTotpPreference(replay, false);
    expectSuccess(await signIn(libraryUser(pool.libraryPool(), 'grace'), PASSWORD));
  });

  it('spends a SOFTWARE_TOKEN_MFA session once it has been answered', async () => {
    pool.service.adminCreateUser('heidi', PASSWORD, []);
    const user = libraryUser(pool.libraryPool(), 'heidi');
    expectSuccess(await signIn(user, PASSWORD));
    const secret = await associateSoftwareToken(user);
    expect(await verifySoftwareToken(user, freshCode(pool.clock, secret))).toEqual({ kind: 'verified' });
    await setTotpPreference(user, true);

    const next = libraryUser(pool.libraryPool(), 'heidi');
    expect(await signIn(next, PASSWORD)).toEqual({ kind: 'totpRequired' });
    const session = (next as unknown as { Session: string }).Session;
    expectSuccess(await sendTotp(next, freshCode(pool.clock, secret)));
    const again = await pool.call('RespondToAuthChallenge', {
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      ClientId: pool.model.userPool.clientId,
      Session: session,
      ChallengeResponses: { USERNAME: 'heidi', SOFTWARE_TOKEN_MFA_CODE: freshCode(pool.clock, secret) },
    });
    expect(again).toEqual({
      status: 400,
      body: { __type: 'NotAuthorizedException', message: 'Invalid session for the user, session is expired.' },
    });
  });

  it('walks a user who must have MFA through MFA_SETUP at sign-in', async () => {
    pool.service.adminCreateUser('ivan', PASSWORD, ['vault-users']);
    pool.service.requireMfa('ivan', true);
    const user = libraryUser(pool.libraryPool(), 'ivan');
    const challenge = await signIn(user, PASSWORD);
    expect(challenge).toEqual({
      kind: 'mfaSetup',
      parameters: expect.objectContaining({ MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' }),
    });

    const secret = await associateSoftwareToken(user);
    expect(await verifySoftwareToken(user, wrongCode(pool, secret))).toMatchObject({
      kind: 'failure',
      error: { code: 'EnableSoftwareTokenMFAException' },
    });
    const { session } = expectSuccess(await verifySoftwareToken(user, freshCode(pool.clock, secret)));
    expect(pool.service.idTokens.verify(session.getIdToken().getJwtToken())['cognito:username']).toBe('ivan');

    // From now on the user signs in with a code.
    const next = libraryUser(pool.libraryPool(), 'ivan');
    expect(await signIn(next, PASSWORD)).toEqual({ kind: 'totpRequired' });
    expectSuccess(await sendTotp(next, freshCode(pool.clock, secret)));
  });

  it('does not let MFA_SETUP be answered before the new authenticator is verified', async () => {
    pool.service.adminCreateUser('judy', PASSWORD, []);
    pool.service.requireMfa('judy', true);
    const user = libraryUser(pool.libraryPool(), 'judy');
    expect((await signIn(user, PASSWORD)).kind).toBe('mfaSetup');
    const response = await pool.call('RespondToAuthChallenge', {
      ChallengeName: 'MFA_SETUP',
      ClientId: pool.model.userPool.clientId,
      Session: (user as unknown as { Session: string }).Session,
      ChallengeResponses: { USERNAME: 'judy' },
    });
    expect(response.status).toBe(400);
    expect(response.body.__type).toBe('InvalidParameterException');
  });
});
