/**
 * Sign-in against the local backend through amazon-cognito-identity-js:
 * passwords, temporary passwords (an invited user), forgot-password, and the
 * step registry the app's IPC uses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  confirmForgotPassword,
  forgotPassword,
  idTokenClaims,
  PendingSignIns,
  signIn,
  type SignInStep,
} from '../../../src/main/vault/auth';
import { VaultError } from '../../../src/main/vault/errors';
import { AWS_CLI, inviteUser, loggedCode, startAuthBackend, type AuthBackend } from '../../support/auth-backend';

const ALICE = { username: 'alice', password: 'Alice-Passw0rd!' };
let env: AuthBackend;

beforeAll(async () => {
  env = await startAuthBackend({ users: [ALICE, { username: 'bob', password: 'Bob-Passw0rd!!' }] });
});
afterAll(() => env?.close());

function signedIn(step: SignInStep) {
  if (step.kind !== 'signed-in') throw new Error(`expected signed-in, got ${step.kind}`);
  return step;
}

describe('signIn (USER_SRP_AUTH)', () => {
  it('signs in with the right password and returns the tokens', async () => {
    const step = signedIn(await signIn(env.profile, ALICE.username, ALICE.password));
    expect(step.username).toBe('alice');
    expect(idTokenClaims(step.tokens.idToken)).toMatchObject({ username: 'alice', groups: ['vault-users'] });
    expect(step.tokens.refreshToken).not.toBe('');
    expect(step.tokens.expiresAt.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
  });

  it('matches the username case-insensitively (as the pool does) and reports the canonical one', async () => {
    expect(signedIn(await signIn(env.profile, '  ALICE ', ALICE.password)).username).toBe('alice');
  });

  it('refuses a wrong password, and an unknown user, with the same sentence', async () => {
    for (const [username, password] of [
      ['alice', 'Wrong-Passw0rd!'],
      ['nobody', 'Wrong-Passw0rd!'],
    ] as const) {
      const error = await signIn(env.profile, username, password).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(VaultError);
      expect(error).toMatchObject({ code: 'AUTH_REQUIRED', message: 'Incorrect username or password.' });
    }
  });

  it('refuses empty input before any request', async () => {
    await expect(signIn(env.profile, ' ', 'x')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(signIn(env.profile, 'alice', '')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('says NETWORK when the user pool cannot be reached', async () => {
    const offline = { ...env.profile, endpoint: 'http://127.0.0.1:9' };
    await expect(signIn(offline, ALICE.username, ALICE.password)).rejects.toMatchObject({
      code: 'NETWORK',
      message: expect.stringContaining('Cannot reach'),
    });
  });
});

describe.skipIf(!AWS_CLI)('an invited user (temporary password, NEW_PASSWORD_REQUIRED)', () => {
  it('chooses a new password; a weak one is refused with the rule and the step can be answered again', async () => {
    await inviteUser(env.local, 'carol', 'Temp-Passw0rd-1!');
    const step = await signIn(env.profile, 'carol', 'Temp-Passw0rd-1!');
    expect(step.kind).toBe('new-password-required');
    if (step.kind !== 'new-password-required') return;
    expect(step.expiresAt.getTime()).toBeGreaterThan(Date.now() + 2 * 60_000);

    await expect(step.respond('short')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: "That password does not meet the vault's rules: password not long enough.",
    });
    const done = signedIn(await step.respond('Carol-New-Passw0rd!'));
    expect(done.username).toBe('carol');
    // The step is spent once it has led on.
    await expect(step.respond('Another-Passw0rd-2!')).rejects.toMatchObject({ code: 'CONFLICT' });

    // The temporary password no longer works; the new one does, straight to tokens.
    await expect(signIn(env.profile, 'carol', 'Temp-Passw0rd-1!')).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
    signedIn(await signIn(env.profile, 'carol', 'Carol-New-Passw0rd!'));
  });

  it('walks the same flow through PendingSignIns, as the app does across IPC calls', async () => {
    await inviteUser(env.local, 'dave', 'Temp-Passw0rd-2!');
    const pending = new PendingSignIns();
    const first = pending.track(await signIn(env.profile, 'dave', 'Temp-Passw0rd-2!'));
    expect(first.view).toEqual({
      kind: 'new-password-required',
      flowId: expect.any(String),
      username: 'dave',
      expiresAt: expect.any(String),
      requiredAttributes: [],
    });
    // Nothing secret in what the renderer gets.
    expect(JSON.stringify(first.view)).not.toMatch(/Temp-Passw0rd|eyJ/);
    expect(first.signedIn).toBeUndefined();
    const flowId = (first.view as { flowId: string }).flowId;

    await expect(pending.respond(flowId, 'weak')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(pending.size).toBe(1);
    const last = await pending.respond(flowId, 'Dave-New-Passw0rd!');
    expect(last.view).toEqual({ kind: 'signed-in', username: 'dave' });
    expect(idTokenClaims(last.signedIn!.tokens.idToken).username).toBe('dave');
    expect(pending.size).toBe(0);
    await expect(pending.respond(flowId, 'x')).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
  });
});

describe('forgot password', () => {
  it('sends a code and sets a new password with it; a wrong code is refused', async () => {
    const delivery = await forgotPassword(env.profile, 'bob');
    expect(delivery.medium).toBe('EMAIL');
    const code = loggedCode(env.logs, 'bob');
    const wrong = code === '000000' ? '111111' : '000000';
    await expect(confirmForgotPassword(env.profile, 'bob', wrong, 'Bob-Reset-Passw0rd!')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('That code is not right'),
    });
    await expect(confirmForgotPassword(env.profile, 'bob', code, 'weak')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining("does not meet the vault's rules"),
    });
    await confirmForgotPassword(env.profile, 'bob', code, 'Bob-Reset-Passw0rd!');
    signedIn(await signIn(env.profile, 'bob', 'Bob-Reset-Passw0rd!'));
    await expect(signIn(env.profile, 'bob', 'Bob-Passw0rd!!')).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
  });
});
