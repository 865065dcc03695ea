import type { ErrorCode } from '../../../shared/result';
import { VaultError } from '../errors';
import { isNetworkFailure } from '../crypto/kms-errors';

/** The IAM action an S3 call needs, named in ACCESS_DENIED messages. */
export type S3Permission = `s3:${string}`;

/** What was being done, for the message: the permission it needed and what it was done to. */
export interface S3Attempt {
  permission: S3Permission;
  /** A vault path or a short description ("your folder"), shown in quotes. */
  subject: string;
}

/** The HTTP status of an SDK error, when it has one. */
export function httpStatusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}

/** The SDK's error name (S3's error code, or "NotFound"/"Forbidden" for HEAD answers without a body). */
export function errorNameOf(error: unknown): string {
  return error instanceof Error ? error.name : '';
}

/** True when S3 refused a request because of a precondition (If-None-Match, If-Match) or a concurrent conditional write. */
export function isPreconditionFailure(error: unknown): boolean {
  const name = errorNameOf(error);
  return name === 'PreconditionFailed' || name === 'ConditionalRequestConflict' || httpStatusOf(error) === 412;
}

const AUTH = /^(ExpiredToken|TokenRefreshRequired|InvalidAccessKeyId|InvalidToken|CredentialsProviderError)$/;
const BUSY = /^(SlowDown|ServiceUnavailable|InternalError|RequestTimeout|Throttling\w*|TooManyRequests\w*)$/;

/**
 * Maps a failed S3 call to a VaultError with a sentence a person can act on:
 * AccessDenied names the permission S3 refused and on what; NoSuchKey is
 * NOT_FOUND; expired credentials ask to sign in again; unreachable is NETWORK.
 * A VaultError passes through unchanged (the encryption stream's, a cancel).
 */
export function s3ErrorToVaultError(error: unknown, attempt: S3Attempt): VaultError {
  if (error instanceof VaultError) return error;
  const name = errorNameOf(error);
  const status = httpStatusOf(error);
  const make = (code: ErrorCode, message: string) => new VaultError(code, message, { cause: error });
  const subject = `“${attempt.subject}”`;

  if (name === 'AbortError') return make('CANCELLED', 'The operation was cancelled.');
  if (AUTH.test(name)) return make('AUTH_REQUIRED', 'Your session has expired. Sign in again.');
  if (name === 'SignatureDoesNotMatch' || name === 'RequestTimeTooSkewed') {
    return make(
      'AUTH_REQUIRED',
      "S3 did not accept this request's signature. Check your computer's clock, then sign in again.",
    );
  }
  if (name === 'AccessDenied' || name === 'Forbidden' || status === 403) {
    return make(
      'ACCESS_DENIED',
      `S3 refused ${attempt.permission} on ${subject}. Ask the vault's administrator to check your access.`,
    );
  }
  if (name === 'NoSuchKey' || name === 'NotFound' || status === 404) {
    return make('NOT_FOUND', `${subject} is not in the vault.`);
  }
  if (name === 'NoSuchBucket') {
    return make('UNAVAILABLE', "The vault's bucket does not exist. Check the vault's connection profile.");
  }
  if (isPreconditionFailure(error) || status === 409) {
    return make('CONFLICT', `${subject} was changed by someone else at the same time, or already exists. Try again.`);
  }
  if (name === 'KeyTooLongError') return make('INVALID_INPUT', `The name of ${subject} is too long for S3.`);
  if (name === 'EntityTooLarge') return make('INVALID_INPUT', `${subject} is too large for S3.`);
  // A response whose checksum does not match what S3 stored: damaged on the way or at rest.
  if (/checksum mismatch/i.test(error instanceof Error ? error.message : '')) {
    return make('TAMPERED', `${subject} failed its integrity check on the way from S3. Try again.`);
  }
  if (name === 'BadDigest' || name === 'InvalidDigest' || name === 'XAmzContentSHA256Mismatch') {
    return make('NETWORK', `${subject} was damaged on its way to S3. Try again.`);
  }
  if (BUSY.test(name) || status === 500 || status === 503) {
    return make('UNAVAILABLE', 'Amazon S3 is busy or unavailable. Try again in a moment.');
  }
  if (isNetworkFailure(error)) return make('NETWORK', 'Could not reach Amazon S3. Check your network connection.');
  return make('INTERNAL', `Amazon S3 failed${name && name !== 'Error' ? ` (${name})` : ''}.`);
}
