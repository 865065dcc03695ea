/**
 * ForgotPassword / ConfirmForgotPassword. The local pool sends no e-mail: the
 * code is written to the service log, which is the local stand-in for the inbox.
 */
import { randomInt } from 'node:crypto';
import { AwsJsonError } from '../../core/http';
import type { Operation, PoolContext } from '../context';
import { checkPassword } from '../password-policy';
import { requireClientId, requiredString } from '../params';
import { hashCode, srpCredentials, type UserRecord } from '../users';

/** Codes live an hour, as Cognito's do, and allow a few wrong guesses. */
const CODE_TTL_MS = 60 * 60 * 1000;
const MAX_ATTEMPTS = 5;

/** "a***@e***" like Cognito's CodeDeliveryDetails, or a pointer to the log when the user has no e-mail. */
function destination(user: UserRecord | undefined, username: string): string {
  const email = user?.attributes.email;
  if (!email) return `local log (${username.charAt(0)}***)`;
  const [local = '', domain = ''] = email.split('@');
  return `${local.charAt(0)}***@${domain.charAt(0)}***`;
}

/** Creates a reset code for `user`, logs it, and returns the CodeDeliveryDetails (shared with AdminResetUserPassword). */
export function sendResetCode(pc: PoolContext, user: UserRecord, reason: string): Record<string, string> {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  pc.users.update(user, pc.now(), (u) => {
    u.resetCode = { hash: hashCode(u, code), expiresAt: pc.now() + CODE_TTL_MS, attempts: 0 };
  });
  pc.log(`cognito-idp: ${reason} code for ${user.username}: ${code} (local stand-in for e-mail)`);
  return { Destination: destination(user, user.username), DeliveryMedium: 'EMAIL', AttributeName: 'email' };
}

export const forgotPassword: Operation = (pc, input) => {
  requireClientId(pc, input);
  const username = requiredString(input, 'Username', 128);
  const user = pc.users.get(username);
  if (!user && pc.pool.preventUserExistenceErrors === false) {
    throw new AwsJsonError('UserNotFoundException', 'Username/client id combination not found.');
  }
  if (!user) {
    // PreventUserExistenceErrors: an unknown user gets the same answer, and no code exists.
    return {
      CodeDeliveryDetails: {
        Destination: destination(undefined, username),
        DeliveryMedium: 'EMAIL',
        AttributeName: 'email',
      },
    };
  }
  if (!user.enabled) throw new AwsJsonError('NotAuthorizedException', 'User is disabled.');
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    throw new AwsJsonError('NotAuthorizedException', 'User password cannot be reset in the current state.');
  }
  return { CodeDeliveryDetails: sendResetCode(pc, user, 'password reset') };
};

export const confirmForgotPassword: Operation = (pc, input) => {
  requireClientId(pc, input);
  const username = requiredString(input, 'Username', 128);
  const code = requiredString(input, 'ConfirmationCode', 2048);
  const password = requiredString(input, 'Password', 256);
  checkPassword(pc.pool.passwordPolicy, password);
  const user = pc.users.get(username);
  const mismatch = (): never => {
    throw new AwsJsonError('CodeMismatchException', 'Invalid verification code provided, please try again.');
  };
  if (!user && pc.pool.preventUserExistenceErrors === false) {
    throw new AwsJsonError('UserNotFoundException', 'Username/client id combination not found.');
  }
  if (!user) return mismatch();
  const pending = user.resetCode;
  if (!pending || pending.expiresAt <= pc.now() || pending.attempts >= MAX_ATTEMPTS) {
    throw new AwsJsonError('ExpiredCodeException', 'Invalid code provided, please request a code again.');
  }
  if (hashCode(user, code) !== pending.hash) {
    pending.attempts += 1;
    pc.users.touch();
    return mismatch();
  }
  pc.users.update(user, pc.now(), (u) => {
    u.srp = srpCredentials(pc.poolName, u.username, password);
    u.status = 'CONFIRMED';
    delete u.resetCode;
    delete u.temporaryPasswordExpiresAt;
  });
  return {};
};
