import { setTimeout as sleep } from 'node:timers/promises';
import { VaultError } from '../errors';

/** The error of a transfer the person cancelled. */
export function cancelledError(): VaultError {
  return new VaultError('CANCELLED', 'The transfer was cancelled.');
}

/** Throws CANCELLED when `signal` is already aborted. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledError();
}

/** Waits `ms`, or throws CANCELLED as soon as `signal` aborts. */
export async function waitOrCancel(ms: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch {
    throw cancelledError();
  }
}

/**
 * Exponential backoff with full jitter (as the AWS SDKs do), for retries of a
 * whole transfer: `attempt` 1 waits up to `baseMs`, each later one twice as long.
 */
export function backoffMs(attempt: number, baseMs = 500, capMs = 10_000): number {
  return Math.random() * Math.min(capMs, baseMs * 2 ** (attempt - 1));
}
