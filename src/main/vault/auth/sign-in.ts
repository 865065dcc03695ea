/**
 * USER_SRP_AUTH sign-in with amazon-cognito-identity-js, as a state machine:
 * each library callback (newPasswordRequired, totpRequired, mfaSetup, …)
 * becomes a step whose `respond` drives the same CognitoUser on. The library
 * keeps the challenge `Session` on that object, so the step's closure is what
 * makes a later call able to resume it.
 */
import { AuthenticationDetails, type CognitoUser, type CognitoUserSession } from 'amazon-cognito-identity-js';
import { VaultError } from '../errors';
import type { VaultProfile } from '../profile';
import { cognitoErrorToVaultError, type AuthStage } from './cognito-errors';
import { otpauthUri } from './otpauth';
import type { SignInStep } from './sign-in-steps';
import { idTokenClaims, tokensFromSession } from './tokens';
import { poolUser } from './user-pool';

/** Cognito's AuthSessionValidity default: how long a challenge session lasts. */
export const CHALLENGE_LIFETIME_MS = 3 * 60 * 1000;

/** The name Cognito records for an authenticator set up through S3 Vault. */
const DEVICE_NAME = 'S3 Vault';

export interface SignInOptions {
  /** Epoch ms, for `expiresAt` (tests). */
  now?: () => number;
}

/** What one library call ended with. */
type Outcome =
  | { kind: 'session'; session: CognitoUserSession }
  | { kind: 'new-password'; requiredAttributes: string[] }
  | { kind: 'totp' }
  | { kind: 'totp-setup' }
  | { kind: 'select-mfa' };

/** The callback object the library's auth calls take; settles once. */
interface Callbacks {
  onSuccess(session: CognitoUserSession): void;
  onFailure(error: unknown): void;
  newPasswordRequired(userAttributes: unknown, requiredAttributes: unknown): void;
  totpRequired(): void;
  mfaSetup(): void;
  selectMFAType(): void;
  mfaRequired(): void;
  customChallenge(): void;
}

function callbacks(resolve: (outcome: Outcome) => void, reject: (error: unknown) => void): Callbacks {
  let settled = false;
  const once =
    <A extends unknown[]>(fn: (...args: A) => void) =>
    (...args: A): void => {
      if (settled) return;
      settled = true;
      fn(...args);
    };
  return {
    onSuccess: once((session: CognitoUserSession) => resolve({ kind: 'session', session })),
    onFailure: once(reject),
    newPasswordRequired: once((_attributes: unknown, required: unknown) =>
      resolve({
        kind: 'new-password',
        requiredAttributes: Array.isArray(required) ? required.filter((name) => typeof name === 'string') : [],
      }),
    ),
    totpRequired: once(() => resolve({ kind: 'totp' })),
    mfaSetup: once(() => resolve({ kind: 'totp-setup' })),
    selectMFAType: once(() => resolve({ kind: 'select-mfa' })),
    mfaRequired: once(() =>
      reject(new VaultError('UNAVAILABLE', 'This account uses SMS codes, which S3 Vault does not support.')),
    ),
    customChallenge: once(() =>
      reject(
        new VaultError('UNAVAILABLE', 'This user pool asks for a custom challenge, which S3 Vault does not support.'),
      ),
    ),
  };
}

/** "123 456" → "123456"; anything but six digits is refused before a round trip spends an attempt. */
export function normalizeTotpCode(code: string): string {
  const digits = String(code).replace(/[\s-]/g, '');
  if (!/^\d{6}$/.test(digits)) {
    throw new VaultError('INVALID_INPUT', 'Type the 6-digit code from your authenticator app.');
  }
  return digits;
}

/**
 * Guards one pending step: one answer at a time, none after it has led on
 * (the library's CognitoUser has moved to the next challenge by then).
 */
function guarded<A extends unknown[]>(
  answer: (...args: A) => Promise<SignInStep>,
): (...args: A) => Promise<SignInStep> {
  let state: 'open' | 'busy' | 'spent' = 'open';
  return async (...args: A) => {
    if (state === 'spent') {
      throw new VaultError('CONFLICT', 'This sign-in step has already been answered; continue with the next one.');
    }
    if (state === 'busy') throw new VaultError('CONFLICT', 'This sign-in step is already being answered.');
    state = 'busy';
    try {
      const next = await answer(...args);
      state = 'spent';
      return next;
    } catch (error) {
      // A wrong code, a weak password or a lost connection leaves the challenge open (the user
      // pool decides whether it still is); an expired or refused one cannot be answered again.
      const final = error instanceof VaultError && (error.code === 'AUTH_REQUIRED' || error.code === 'ACCESS_DENIED');
      state = final ? 'spent' : 'open';
      throw error;
    }
  };
}

class SignInFlow {
  constructor(
    private readonly user: CognitoUser,
    private readonly now: () => number,
  ) {}

  /** Runs one library call to its first outcome and turns that into the next step. */
  async advance(stage: AuthStage, start: (callbacks: Callbacks) => void): Promise<SignInStep> {
    let outcome: Outcome;
    try {
      outcome = await new Promise<Outcome>((resolve, reject) => start(callbacks(resolve, reject)));
    } catch (error) {
      throw cognitoErrorToVaultError(error, stage);
    }
    return this.step(outcome);
  }

  private get expiresAt(): Date {
    return new Date(this.now() + CHALLENGE_LIFETIME_MS);
  }

  private async step(outcome: Outcome): Promise<SignInStep> {
    const username = this.user.getUsername();
    switch (outcome.kind) {
      case 'session': {
        const tokens = tokensFromSession(outcome.session);
        // cognito:username is the account's canonical name, whatever spelling signed in.
        return { kind: 'signed-in', username: idTokenClaims(tokens.idToken).username || username, tokens };
      }
      case 'new-password':
        return {
          kind: 'new-password-required',
          username,
          expiresAt: this.expiresAt,
          requiredAttributes: outcome.requiredAttributes,
          respond: guarded((newPassword: string, attributes?: Record<string, string>) => {
            if (typeof newPassword !== 'string' || newPassword.length === 0) {
              return Promise.reject(new VaultError('INVALID_INPUT', 'Choose a new password.'));
            }
            return this.advance('challenge', (cb) =>
              this.user.completeNewPasswordChallenge(newPassword, attributes ?? {}, cb),
            );
          }),
        };
      case 'totp':
        return {
          kind: 'totp-required',
          username,
          expiresAt: this.expiresAt,
          respond: guarded(async (code: string) => {
            const digits = normalizeTotpCode(code);
            return this.advance('challenge', (cb) => this.user.sendMFACode(digits, cb, 'SOFTWARE_TOKEN_MFA'));
          }),
        };
      case 'select-mfa':
        // SMS is not offered by the vault's pools, so TOTP is the only sensible answer.
        return this.advance('challenge', (cb) => this.user.sendMFASelectionAnswer('SOFTWARE_TOKEN_MFA', cb));
      case 'totp-setup':
        return this.totpSetup(username);
    }
  }

  /** MFA_SETUP: associate a new authenticator now, so the step can show its secret. */
  private async totpSetup(username: string): Promise<SignInStep> {
    let secretCode: string;
    try {
      secretCode = await new Promise<string>((resolve, reject) =>
        this.user.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }),
      );
    } catch (error) {
      throw cognitoErrorToVaultError(error, 'challenge');
    }
    return {
      kind: 'totp-setup-required',
      username,
      // AssociateSoftwareToken issued a fresh session.
      expiresAt: this.expiresAt,
      secretCode,
      otpauthUri: otpauthUri(username, secretCode),
      respond: guarded(async (code: string) => {
        const digits = normalizeTotpCode(code);
        // On success the library answers MFA_SETUP itself and calls onSuccess with the tokens.
        return this.advance('challenge', (cb) =>
          this.user.verifySoftwareToken(digits, DEVICE_NAME, { onSuccess: cb.onSuccess, onFailure: cb.onFailure }),
        );
      }),
    };
  }
}

/**
 * Signs in with USER_SRP_AUTH (the password never leaves the machine). The
 * result is either `signed-in` with tokens, or a pending step to answer.
 * @throws VaultError AUTH_REQUIRED "Incorrect username or password.", NETWORK, …
 */
export async function signIn(
  profile: VaultProfile,
  username: string,
  password: string,
  options: SignInOptions = {},
): Promise<SignInStep> {
  // Cognito usernames cannot contain whitespace, so surrounding spaces are a typing slip.
  const name = typeof username === 'string' ? username.trim() : '';
  if (!name) throw new VaultError('INVALID_INPUT', 'Type your username.');
  if (typeof password !== 'string' || password.length === 0)
    throw new VaultError('INVALID_INPUT', 'Type your password.');
  const user = poolUser(profile, name);
  const flow = new SignInFlow(user, options.now ?? Date.now);
  return flow.advance('sign-in', (cb) =>
    user.authenticateUser(new AuthenticationDetails({ Username: name, Password: password }), cb),
  );
}
