import { describe, expect, it } from 'vitest';
import { cognitoErrorToVaultError } from '../../../../src/main/vault/auth/cognito-errors';
import { VaultError } from '../../../../src/main/vault/errors';

/** An error as amazon-cognito-identity-js reports a service error. */
function libraryError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, name: code });
}

describe('cognitoErrorToVaultError', () => {
  it.each([
    [
      'NotAuthorizedException',
      'Incorrect username or password.',
      'sign-in',
      'AUTH_REQUIRED',
      'Incorrect username or password.',
    ],
    ['UserNotFoundException', 'User does not exist.', 'sign-in', 'AUTH_REQUIRED', 'Incorrect username or password.'],
    [
      'NotAuthorizedException',
      'Invalid session for the user, session is expired.',
      'challenge',
      'AUTH_REQUIRED',
      'This sign-in took too long and has expired; start again.',
    ],
    [
      'NotAuthorizedException',
      'Refresh Token has been revoked',
      'session',
      'AUTH_REQUIRED',
      'Your session has ended; sign in again.',
    ],
    [
      'NotAuthorizedException',
      'User is disabled.',
      'sign-in',
      'ACCESS_DENIED',
      "This account is disabled. Ask the vault's administrator.",
    ],
    [
      'NotAuthorizedException',
      'Password attempts exceeded',
      'sign-in',
      'AUTH_REQUIRED',
      expect.stringMatching(/^Too many failed attempts/),
    ],
    [
      'CodeMismatchException',
      'Invalid code received for user',
      'challenge',
      'INVALID_INPUT',
      expect.stringMatching(/^That code is not right\./),
    ],
    [
      'EnableSoftwareTokenMFAException',
      'Code mismatch',
      'challenge',
      'INVALID_INPUT',
      expect.stringMatching(/^That code is not right\./),
    ],
    [
      'CodeMismatchException',
      'Invalid verification code provided',
      'reset',
      'INVALID_INPUT',
      expect.stringContaining('reset message'),
    ],
    [
      'ExpiredCodeException',
      'Invalid code provided',
      'reset',
      'INVALID_INPUT',
      'That code has expired. Ask for a new one.',
    ],
    [
      'InvalidPasswordException',
      'Password did not conform with policy: Password must have symbol characters',
      'challenge',
      'INVALID_INPUT',
      "That password does not meet the vault's rules: password must have symbol characters.",
    ],
    [
      'TooManyRequestsException',
      'Rate exceeded',
      'sign-in',
      'UNAVAILABLE',
      expect.stringMatching(/^Too many attempts/),
    ],
    ['InternalErrorException', 'boom', 'sign-in', 'UNAVAILABLE', expect.stringContaining('having trouble')],
    [
      'ResourceNotFoundException',
      'User pool client x does not exist.',
      'sign-in',
      'INVALID_INPUT',
      expect.stringContaining('profile'),
    ],
    ['SomethingNewException', 'huh', 'sign-in', 'UNAVAILABLE', expect.stringContaining('(SomethingNewException)')],
  ] as const)('%s "%s" during %s → %s', (code, message, stage, expectedCode, expectedMessage) => {
    const mapped = cognitoErrorToVaultError(libraryError(code, message), stage);
    expect(mapped).toBeInstanceOf(VaultError);
    expect(mapped.code).toBe(expectedCode);
    expect(mapped.message).toEqual(expectedMessage);
  });

  it('maps the library network error and fetch failures to NETWORK', () => {
    const library = Object.assign(new Error('Network error'), { code: 'NetworkError' });
    expect(cognitoErrorToVaultError(library, 'sign-in').code).toBe('NETWORK');
    expect(cognitoErrorToVaultError(new TypeError('fetch failed'), 'session').code).toBe('NETWORK');
  });

  it('passes a VaultError through and keeps the original as the cause', () => {
    const own = new VaultError('CONFLICT', 'x');
    expect(cognitoErrorToVaultError(own, 'sign-in')).toBe(own);
    const original = libraryError('NotAuthorizedException', 'Incorrect username or password.');
    expect(cognitoErrorToVaultError(original, 'sign-in').cause).toBe(original);
  });
});
