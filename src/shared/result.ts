/**
 * The envelope every IPC result travels in. Errors carry a code from a small,
 * closed set and a sentence a person can act on; never a stack, a request id
 * or a secret.
 */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'FORBIDDEN_SENDER',
  'AUTH_REQUIRED',
  'ACCESS_DENIED',
  'NOT_FOUND',
  'CONFLICT',
  'NETWORK',
  'TAMPERED',
  'CANCELLED',
  'UNAVAILABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface VaultErrorInfo {
  code: ErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: VaultErrorInfo };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string): Result<never> {
  return { ok: false, error: { code, message } };
}
