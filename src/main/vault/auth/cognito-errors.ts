/**
 * The user pool's errors, as sentences a person can act on. Cognito's own
 * messages are terse and sometimes reveal more than they should (whether a
 * user exists), so each known error gets our wording; only the password
 * policy's rule is passed through, because it is exactly what the person needs.
 */
import { VaultError } from '../errors';

/** Where the error happened: the same Cognito error means different things in different calls. */
export type AuthStage =
  /** InitiateAuth / PASSWORD_VERIFIER: checking the password. */
  | 'sign-in'
  /** Answering NEW_PASSWORD_REQUIRED, SOFTWARE_TOKEN_MFA or MFA_SETUP. */
  | 'challenge'
  /** A call made with the tokens of a signed-in person (refresh, sign-out, TOTP set-up). */
  | 'session'
  /** Forgot-password and its confirmation. */
  | 'reset';

export const INCORRECT_CREDENTIALS = 'Incorrect username or password.';
export const SESSION_ENDED = 'Your session has ended; sign in again.';
export const WRONG_CODE =
  'That code is not right. Type the current 6-digit code from your authenticator app (check that its clock is correct).';

/** The first part of a library error we can read: `code` ("NotAuthorizedException"), or the name. */
function errorCode(error: unknown): string {
  if (error && typeof error === 'object') {
    const { code, name } = error as { code?: unknown; name?: unknown };
    if (typeof code === 'string' && code) return code;
    if (typeof name === 'string' && name) return name;
  }
  return '';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : typeof error === 'string' ? error : '';
}

function notAuthorized(message: string, stage: AuthStage): VaultError {
  const text = message.toLowerCase();
  if (text.includes('session is expired') || text.includes('invalid session')) {
    return new VaultError('AUTH_REQUIRED', 'This sign-in took too long and has expired; start again.');
  }
  if (text.includes('attempts exceeded')) {
    return new VaultError('AUTH_REQUIRED', 'Too many failed attempts. Wait a few minutes, then try again.');
  }
  if (text.includes('disabled')) {
    return new VaultError('ACCESS_DENIED', "This account is disabled. Ask the vault's administrator.");
  }
  if (text.includes('temporary password has expired')) {
    return new VaultError(
      'AUTH_REQUIRED',
      "Your temporary password has expired. Ask the vault's administrator for a new one.",
    );
  }
  if (text.includes('cannot be reset in the current state')) {
    return new VaultError(
      'INVALID_INPUT',
      'This account still has its temporary password: sign in with it and choose a new password instead.',
    );
  }
  if (stage === 'session' || text.includes('refresh token') || text.includes('access token')) {
    return new VaultError('AUTH_REQUIRED', SESSION_ENDED);
  }
  return new VaultError('AUTH_REQUIRED', INCORRECT_CREDENTIALS);
}

/** Whether an error is the library's (or fetch's) way of saying the request never got an answer. */
export function isNetworkError(error: unknown): boolean {
  const code = errorCode(error);
  if (code === 'NetworkError' || code === 'TimeoutError' || code === 'AbortError') return true;
  if (['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN', 'EHOSTUNREACH'].includes(code)) return true;
  if (error instanceof TypeError && /fetch failed/i.test(error.message)) return true;
  return errorMessage(error) === 'Network error';
}

/**
 * Maps an error from amazon-cognito-identity-js (or the user pool) to a
 * VaultError. A VaultError passes through unchanged.
 */
export function cognitoErrorToVaultError(error: unknown, stage: AuthStage): VaultError {
  if (error instanceof VaultError) return error;
  const code = errorCode(error);
  const message = errorMessage(error);
  const cause = { cause: error };
  if (isNetworkError(error)) {
    return new VaultError(
      'NETWORK',
      "Cannot reach the vault's sign-in service. Check your connection and try again.",
      cause,
    );
  }
  switch (code) {
    case 'NotAuthorizedException': {
      const mapped = notAuthorized(message, stage);
      return new VaultError(mapped.code, mapped.message, cause);
    }
    case 'UserNotFoundException':
      // The same sentence as a wrong password: whether an account exists is not ours to reveal.
      return new VaultError(
        'AUTH_REQUIRED',
        stage === 'reset' ? 'No account with that username.' : INCORRECT_CREDENTIALS,
        cause,
      );
    case 'UserNotConfirmedException':
      return new VaultError(
        'AUTH_REQUIRED',
        "This account is not confirmed yet. Ask the vault's administrator.",
        cause,
      );
    case 'PasswordResetRequiredException':
      return new VaultError(
        'AUTH_REQUIRED',
        'You must reset your password: use "Forgot password" to get a code.',
        cause,
      );
    case 'CodeMismatchException':
    case 'EnableSoftwareTokenMFAException':
      return new VaultError(
        'INVALID_INPUT',
        stage === 'reset' ? 'That code is not right. Check the latest reset message and type its code.' : WRONG_CODE,
        cause,
      );
    case 'ExpiredCodeException':
      return new VaultError('INVALID_INPUT', 'That code has expired. Ask for a new one.', cause);
    case 'InvalidPasswordException':
      // Cognito's message names the rule ("Password did not conform with policy: Password not long enough").
      return new VaultError('INVALID_INPUT', readablePolicyMessage(message), cause);
    case 'InvalidParameterException':
      return new VaultError('INVALID_INPUT', message || 'The sign-in service refused the request as invalid.', cause);
    case 'SoftwareTokenMFANotFoundException':
      return new VaultError(
        'INVALID_INPUT',
        'No authenticator is being set up for this account; start the set-up again.',
        cause,
      );
    case 'TooManyRequestsException':
    case 'LimitExceededException':
    case 'TooManyFailedAttemptsException':
      return new VaultError('UNAVAILABLE', 'Too many attempts. Wait a minute, then try again.', cause);
    case 'ResourceNotFoundException':
      return new VaultError(
        'INVALID_INPUT',
        'The vault profile names a user pool or app client that does not exist. Check the profile.',
        cause,
      );
    case 'InternalErrorException':
      return new VaultError('UNAVAILABLE', "The vault's sign-in service is having trouble. Try again shortly.", cause);
    default:
      return new VaultError(
        'UNAVAILABLE',
        code
          ? `The vault's sign-in service refused the request (${code}).`
          : "The vault's sign-in service gave an answer S3 Vault does not understand.",
        cause,
      );
  }
}

/** "Password did not conform with policy: Password must have symbol characters" → a sentence. */
function readablePolicyMessage(message: string): string {
  const rule = message.replace(/^password did not conform (with|to) policy:\s*/i, '').trim();
  if (!rule) return "That password does not meet the vault's rules.";
  return `That password does not meet the vault's rules: ${rule.charAt(0).toLowerCase()}${rule.slice(1).replace(/\.$/, '')}.`;
}
