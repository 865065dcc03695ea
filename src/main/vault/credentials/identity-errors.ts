/**
 * Errors of the identity pool and STS, sorted into what the engine does next:
 * a rejected ID token is worth one token refresh and a retry; everything else
 * becomes a VaultError with a sentence a person can act on.
 */
import { SESSION_ENDED } from '../auth/cognito-errors';
import { VaultError } from '../errors';

export interface ClassifiedError {
  error: VaultError;
  /** The ID token (or the OpenID token made from it) was refused: refresh the tokens and try once more. */
  tokenRejected: boolean;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EPIPE',
  'TimeoutError',
  'RequestTimeout',
  'AbortError',
]);

const NO_ACCESS =
  "Your account has no access to this vault: the identity pool gives it no role. Ask the vault's administrator to add you to the vault-users group.";

function fields(error: unknown): { name: string; code: string; message: string; status?: number } {
  const e = (error ?? {}) as {
    name?: unknown;
    code?: unknown;
    message?: unknown;
    $metadata?: { httpStatusCode?: number };
  };
  return {
    name: typeof e.name === 'string' ? e.name : '',
    code: typeof e.code === 'string' ? e.code : '',
    message: typeof e.message === 'string' ? e.message : '',
    status: e.$metadata?.httpStatusCode,
  };
}

/** Sorts an error from CognitoIdentityClient or STSClient. A VaultError passes through. */
export function classifyIdentityError(error: unknown): ClassifiedError {
  const done = (code: VaultError['code'], message: string): ClassifiedError => ({
    error: new VaultError(code, message, { cause: error }),
    tokenRejected: false,
  });
  if (error instanceof VaultError) return { error, tokenRejected: false };
  const { name, code, message, status } = fields(error);
  if (NETWORK_CODES.has(code) || NETWORK_CODES.has(name)) {
    return done('NETWORK', "Cannot reach the vault's identity service. Check your connection and try again.");
  }
  switch (name) {
    case 'NotAuthorizedException':
      if (/role/i.test(message)) return done('ACCESS_DENIED', NO_ACCESS);
      return {
        error: new VaultError('AUTH_REQUIRED', SESSION_ENDED, { cause: error }),
        tokenRejected: true,
      };
    case 'ExpiredTokenException':
    case 'InvalidIdentityToken':
    case 'IDPRejectedClaim':
      return {
        error: new VaultError('AUTH_REQUIRED', SESSION_ENDED, { cause: error }),
        tokenRejected: true,
      };
    case 'InvalidIdentityPoolConfigurationException':
      return done('ACCESS_DENIED', NO_ACCESS);
    case 'AccessDenied':
    case 'AccessDeniedException':
      return done(
        'ACCESS_DENIED',
        "Your account may not assume the vault's role for long sessions. Ask the vault's administrator.",
      );
    case 'ResourceNotFoundException':
      return done('INVALID_INPUT', 'The vault profile names an identity pool that does not exist. Check the profile.');
    case 'InvalidParameterException':
      if (/classic|basic/i.test(message)) {
        return done(
          'INVALID_INPUT',
          'This vault does not allow sessions longer than an hour (the classic flow is off). Remove sessionSeconds from the profile.',
        );
      }
      return done('INVALID_INPUT', `The identity pool refused the request: ${message}`);
    case 'ValidationError':
      if (/DurationSeconds|MaxSessionDuration/i.test(message)) {
        return done(
          'INVALID_INPUT',
          "The profile's sessionSeconds is longer than the vault's role allows. Choose a shorter session.",
        );
      }
      return done('INVALID_INPUT', `STS refused the request: ${message}`);
    case 'TooManyRequestsException':
    case 'LimitExceededException':
    case 'Throttling':
    case 'ThrottlingException':
      return done('UNAVAILABLE', "The vault's identity service is busy. Try again in a minute.");
  }
  if (status !== undefined && status >= 500) {
    return done('UNAVAILABLE', "The vault's identity service is having trouble. Try again shortly.");
  }
  if (status === undefined) {
    // Not an answer of the service, nor a known network failure: a fault of ours, reported as such.
    return done('INTERNAL', 'Getting AWS credentials failed unexpectedly.');
  }
  return done('UNAVAILABLE', `The vault's identity service refused the request (${name || status}).`);
}
