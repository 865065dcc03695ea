/**
 * What this process's transfers have done: bytes moved, time spent moving
 * them, failures and retries. The app's transfer manager records into one;
 * the CLI has its own (a `status` run moves nothing, so it reports zeros).
 */

/** A snapshot of the tally. */
export interface TransferTotals {
  done: number;
  failed: number;
  cancelled: number;
  retried: number;
  /** Plaintext bytes of finished runs (a failed run counts what it moved). */
  bytes: number;
  /** Time the finished runs took, summed. */
  activeMs: number;
}

/** Counts finished transfer runs. */
export class TransferTally {
  private readonly totals: TransferTotals = { done: 0, failed: 0, cancelled: 0, retried: 0, bytes: 0, activeMs: 0 };

  /** One run ended. */
  finished(outcome: 'done' | 'failed' | 'cancelled', bytes: number, ms: number): void {
    this.totals[outcome]++;
    this.totals.bytes += Math.max(0, bytes);
    this.totals.activeMs += Math.max(0, ms);
  }

  /** A failed or cancelled transfer was started again. */
  retried(): void {
    this.totals.retried++;
  }

  snapshot(): TransferTotals {
    return { ...this.totals };
  }
}
