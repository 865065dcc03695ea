/**
 * TOTP with the local user pool: set-up by a signed-in person (enableTotp),
 * SOFTWARE_TOKEN_MFA at sign-in (wrong and replayed codes), and first-time
 * set-up during sign-in (MFA_SETUP) in a vault whose pool requires MFA.
 * Codes come from the test's own RFC 6238; the pool accepts each 30 s step
 * once, so each code is a fresh step (TotpDevice).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  disableTotp,
  enableTotp,
  idTokenClaims,
  PendingSignIns,
  signIn,
  type SignInStep,
} from '../../../src/main/vault/auth';
import { startAuthBackend, TotpDevice, type AuthBackend } from '../../support/auth-backend';

const PASSWORD = 'Grace-Passw0rd!!';

function signedIn(step: SignInStep) {
  if (step.kind !== 'signed-in') throw new Error(`expected signed-in, got ${step.kind}`);
  return step;
}

describe('TOTP set up by a signed-in person', () => {
  let env: AuthBackend;
  beforeAll(async () => {
    env = await startAuthBackend({ users: [{ username: 'grace', password: PASSWORD }] });
  });
  afterAll(() => env?.close());

  it('enables TOTP, then asks for a code at sign-in; wrong and replayed codes are refused', async () => {
    const { tokens } = signedIn(await signIn(env.profile, 'grace', PASSWORD));
    const enrollment = await enableTotp(env.profile, tokens);
    expect(enrollment.secretCode).toMatch(/^[A-Z2-7]{32}$/);
    expect(enrollment.otpauthUri).toBe(
      `otpauth://totp/S3%20Vault:grace?secret=${enrollment.secretCode}&issuer=S3%20Vault`,
    );
    const device = new TotpDevice(enrollment.secretCode);
    await expect(enrollment.confirm(device.wrongCode())).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/^That code is not right/),
    });
    await expect(enrollment.confirm('12345')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: 'Type the 6-digit code from your authenticator app.',
    });
    await enrollment.confirm(await device.nextCode());

    const step = await signIn(env.profile, 'grace', PASSWORD);
    expect(step.kind).toBe('totp-required');
    if (step.kind !== 'totp-required') return;
    await expect(step.respond(device.wrongCode())).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/^That code is not right/),
    });
    // The same step takes another answer after a wrong one (spaces, as apps show codes, are fine).
    const code = await device.nextCode();
    const done = signedIn(await step.respond(`${code.slice(0, 3)} ${code.slice(3)}`));
    expect(idTokenClaims(done.tokens.idToken).username).toBe('grace');

    // A code is accepted once (RFC 6238 §5.2), even in a new sign-in within its window.
    const replay = await signIn(env.profile, 'grace', PASSWORD);
    if (replay.kind !== 'totp-required') throw new Error(replay.kind);
    await expect(replay.respond(code)).rejects.toMatchObject({ code: 'INVALID_INPUT' });

    // Turned off again, sign-in goes straight to tokens.
    await disableTotp(env.profile, done.tokens);
    signedIn(await signIn(env.profile, 'grace', PASSWORD));
  }, 90_000);
});

describe('first-time TOTP set-up at sign-in (the pool requires MFA)', () => {
  let env: AuthBackend;
  beforeAll(async () => {
    env = await startAuthBackend({
      users: [{ username: 'ivan', password: PASSWORD }],
      template: (text) => text.replace('MfaConfiguration: OPTIONAL', "MfaConfiguration: 'ON'"),
    });
  });
  afterAll(() => env?.close());

  it('shows the secret and an otpauth URI, takes the first code, and signs in', async () => {
    const pending = new PendingSignIns();
    const first = pending.track(await signIn(env.profile, 'ivan', PASSWORD));
    expect(first.view).toMatchObject({
      kind: 'totp-setup-required',
      username: 'ivan',
      secretCode: expect.stringMatching(/^[A-Z2-7]{32}$/),
      otpauthUri: expect.stringMatching(/^otpauth:\/\/totp\/S3%20Vault:ivan\?secret=[A-Z2-7]{32}&issuer=S3%20Vault$/),
    });
    if (first.view.kind !== 'totp-setup-required') return;
    const device = new TotpDevice(first.view.secretCode);

    await expect(pending.respond(first.view.flowId, device.wrongCode())).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    const last = await pending.respond(first.view.flowId, await device.nextCode());
    expect(last.view).toEqual({ kind: 'signed-in', username: 'ivan' });

    // From now on the account signs in with a code.
    const next = await signIn(env.profile, 'ivan', PASSWORD);
    expect(next.kind).toBe('totp-required');
    if (next.kind !== 'totp-required') return;
    signedIn(await next.respond(await device.nextCode()));
  }, 90_000);
});
