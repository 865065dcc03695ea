import { ERROR_CODES, type ErrorCode } from '../../../shared/result';
import { VaultError } from '../errors';

/** The IAM action a KMS call needs, named in ACCESS_DENIED messages. */
export type KmsPermission = `kms:${string}`;

/** What a person reads when a message or a name fails authentication. */
export const TAMPERED_MESSAGE = 'The file failed its integrity check: it was altered or is incomplete.';

/**
 * A VaultError whose name carries its code. The Encryption SDK's KMS keyring
 * folds every KMS failure of a decrypt into one Error whose message is the
 * stacks of the failures ("Unable to decrypt data key … Error #1 <stack>"), so
 * the error object is lost; its stack's first line, `VaultError(CODE): …`,
 * is not, and {@link kmsErrorToVaultError} reads the code back from it.
 */
export class TaggedVaultError extends VaultError {
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    // Set before anything reads `stack`: V8 formats the stack's first line lazily.
    this.name = `VaultError(${code})`;
  }
}

const TAG = /VaultError\(([A-Z_]+)\): ([^\n]*)/;

const NETWORK_CODES =
  /\b(ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|EPIPE|ENETUNREACH|EHOSTUNREACH|ECONNABORTED|UND_ERR_\w+|TimeoutError|NetworkingError|RequestTimeout)\b|socket hang up/;

/** True for failures to reach a service at all (refused, reset, no DNS, timed out). */
export function isNetworkFailure(error: unknown): boolean {
  return NETWORK_CODES.test(describe(error));
}

/** Name, message and errno code of an error, where the names of folded errors can also be found. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return `${error.name}: ${error.message}${typeof code === 'string' ? ` (${code})` : ''}`;
}

/** Recognised failures, first match wins: what to look for, and what to tell the person. */
const RULES: readonly [RegExp, ErrorCode, (permission: KmsPermission) => string][] = [
  [/\bAbortError\b/, 'CANCELLED', () => 'The operation was cancelled.'],
  [
    /AccessDeniedException|\bAccessDenied\b/,
    'ACCESS_DENIED',
    (permission) =>
      `You are not allowed to use the vault key (${permission}). Ask the vault's administrator to check your access.`,
  ],
  [
    /ExpiredToken|UnrecognizedClientException|InvalidClientTokenId|InvalidSignatureException|CredentialsProviderError/,
    'AUTH_REQUIRED',
    () => 'Your session has expired. Sign in again.',
  ],
  [/DisabledException/, 'UNAVAILABLE', () => "The vault key is disabled. Ask the vault's administrator to enable it."],
  [
    /KMSInvalidStateException/,
    'UNAVAILABLE',
    () => "The vault key cannot be used now (it may be pending deletion). Ask the vault's administrator.",
  ],
  [/NotFoundException/, 'UNAVAILABLE', () => "The vault key does not exist. Check the vault's connection profile."],
  [
    /ThrottlingException|KMSInternalException|DependencyTimeoutException|LimitExceededException|ServiceUnavailable/,
    'UNAVAILABLE',
    () => 'AWS KMS is busy or unavailable. Try again in a moment.',
  ],
  [NETWORK_CODES, 'NETWORK', () => 'Could not reach AWS KMS. Check your network connection.'],
  // KMS answers one way for a wrapped key that was altered, belongs to another
  // key, or is presented with another encryption context.
  [/InvalidCiphertextException|IncorrectKeyException/, 'TAMPERED', () => TAMPERED_MESSAGE],
];

/**
 * Maps a failure of (or on the way to) AWS KMS to a VaultError with a sentence
 * a person can act on. Works on SDK errors and on the Encryption SDK's folded
 * messages, which carry the inner errors' names. Returns undefined when the
 * error is none of these, so the caller decides (a decrypt calls it TAMPERED).
 */
export function kmsErrorToVaultError(error: unknown, permission: KmsPermission): VaultError | undefined {
  if (error instanceof VaultError) return error;
  const text = describe(error);
  const tagged = TAG.exec(text);
  if (tagged && (ERROR_CODES as readonly string[]).includes(tagged[1]!)) {
    return new VaultError(tagged[1] as ErrorCode, tagged[2]!, { cause: error });
  }
  for (const [pattern, code, message] of RULES) {
    if (pattern.test(text)) return new VaultError(code, message(permission), { cause: error });
  }
  return undefined;
}
