/**
 * The steps of a sign-in, as the UI walks through them. A pending step holds
 * the user pool's challenge session in the main process; `respond` may be
 * called later (by another IPC call, within the challenge's three minutes)
 * and, after a wrong answer, again. Nothing in a step is a secret the renderer
 * must hold to go on: the password is forgotten once it has been proven.
 */
import type { CognitoTokens } from './tokens';

/** Where every sign-in ends. `tokens` stay in the main process. */
export interface SignedInStep {
  kind: 'signed-in';
  /** The canonical username (the user pool may match the typed one case-insensitively). */
  username: string;
  tokens: CognitoTokens;
}

interface PendingStepBase {
  username: string;
  /** When the user pool forgets this challenge (three minutes after it was issued); start again after that. */
  expiresAt: Date;
}

/** An administrator created the account with a temporary password: the person chooses their own. */
export interface NewPasswordRequiredStep extends PendingStepBase {
  kind: 'new-password-required';
  /** Attributes the pool requires before it accepts the new password (none in the vault template). */
  requiredAttributes: string[];
  /**
   * Sets the new password (the pool's policy applies: a weak one is INVALID_INPUT
   * naming the rule, and the step may be answered again).
   */
  respond(newPassword: string, attributes?: Record<string, string>): Promise<SignInStep>;
}

/** TOTP is on for this account: the 6-digit code from the authenticator app. */
export interface TotpRequiredStep extends PendingStepBase {
  kind: 'totp-required';
  /** A wrong code is INVALID_INPUT and the step may be answered again (a few times). */
  respond(code: string): Promise<SignInStep>;
}

/**
 * The pool requires MFA and this account has none yet: show `otpauthUri` as a
 * QR code (and `secretCode` for typing in), then ask for the first code.
 * These two are shown to the person on purpose; they are the only secrets a
 * step carries.
 */
export interface TotpSetupRequiredStep extends PendingStepBase {
  kind: 'totp-setup-required';
  /** Base32 secret, for authenticator apps that cannot scan. */
  secretCode: string;
  /** `otpauth://totp/S3%20Vault:<user>?secret=…&issuer=S3%20Vault` */
  otpauthUri: string;
  respond(code: string): Promise<SignInStep>;
}

export type PendingSignInStep = NewPasswordRequiredStep | TotpRequiredStep | TotpSetupRequiredStep;
export type SignInStep = SignedInStep | PendingSignInStep;
