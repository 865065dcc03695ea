/**
 * How the command line reports engine errors: one line on stderr, an exit
 * code per error kind (so scripts can tell "sign in again" from "offline"),
 * and with --json also `{"error":{"code","message"}}` on stdout.
 */
import { VaultError } from '../main/vault/errors';
import type { ErrorCode } from '../shared/result';
import { CliError } from './command';

/** Exit codes by error kind. 1 is anything unexpected; 2 is a usage error, as for every Unix tool. */
export const EXIT_CODES: Record<ErrorCode, number> = {
  INTERNAL: 1,
  INVALID_INPUT: 2,
  AUTH_REQUIRED: 3,
  ACCESS_DENIED: 4,
  FORBIDDEN_SENDER: 4,
  NOT_FOUND: 5,
  CONFLICT: 6,
  NETWORK: 7,
  UNAVAILABLE: 7,
  TAMPERED: 8,
  CANCELLED: 130,
};

/** A CliError that knows its error code (for --json). */
export class CliVaultError extends CliError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    exitCode = EXIT_CODES[code],
  ) {
    super(message, exitCode);
  }
}

/** Any error as a CliError with a code: VaultError by its code, a plain CliError by its exit code. */
export function toCliError(error: unknown): CliVaultError {
  if (error instanceof CliVaultError) return error;
  if (error instanceof VaultError) return new CliVaultError(error.code, error.message);
  if (error instanceof CliError) {
    return new CliVaultError(error.exitCode === 2 ? 'INVALID_INPUT' : 'INTERNAL', error.message, error.exitCode);
  }
  return new CliVaultError('INTERNAL', `unexpected error: ${(error as Error)?.message ?? String(error)}`);
}

/**
 * Runs a command body; any error becomes a CliVaultError (which s3vault.ts
 * prints on stderr with its exit code), and with `json` is also written to
 * stdout as `{"error":{"code","message"}}`.
 */
export async function reportErrors(json: boolean, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    const cliError = toCliError(error);
    if (json)
      process.stdout.write(`${JSON.stringify({ error: { code: cliError.code, message: cliError.message } })}\n`);
    throw cliError;
  }
}

/**
 * Runs node:util parseArgs and turns its errors (unknown option, missing
 * value) into usage errors, exit 2, instead of "unexpected error".
 */
export function parseUsage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code.startsWith('ERR_PARSE_ARGS')) {
      throw new CliVaultError('INVALID_INPUT', `${(error as Error).message.replace(/\.$/, '')}. Run "s3vault --help".`);
    }
    throw error;
  }
}
