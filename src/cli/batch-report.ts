import type { VaultError } from '../main/vault/errors';
import { CliVaultError } from './cli-errors';

/** One item of a batch that failed, and how to name it to a person. */
export interface BatchFailure {
  /** What failed, as shown ("photos/a.jpg"). */
  label: string;
  error: VaultError;
  /** Extra fields for --json (paths). */
  fields?: Record<string, string>;
}

/**
 * Reports the end of a batch (put, get of a folder): with --json one object on
 * stdout (the results, each failure with its code, and `error` for the first
 * failure, as every failed command has); otherwise one line per failure on
 * stderr. Then fails with the first failure's code if any item failed.
 * Called outside reportErrors, so --json output stays a single object.
 */
export function finishBatch(
  json: boolean,
  results: Record<string, unknown>,
  failures: readonly BatchFailure[],
  counts: { total: number; noun: string },
): void {
  const first = failures[0];
  const summary = first
    ? `${failures.length} of ${counts.total} ${counts.noun} failed${failures.length === 1 ? `: ${first.error.message}` : ''}`
    : '';
  if (json) {
    const failed = failures.map((failure) => ({
      ...failure.fields,
      error: { code: failure.error.code, message: failure.error.message },
    }));
    const error = first ? { error: { code: first.error.code, message: summary } } : {};
    process.stdout.write(`${JSON.stringify({ ...results, failed, ...error })}\n`);
  } else if (failures.length > 1) {
    for (const failure of failures) process.stderr.write(`${failure.label}: ${failure.error.message}\n`);
  }
  if (first) throw new CliVaultError(first.error.code, summary);
}
