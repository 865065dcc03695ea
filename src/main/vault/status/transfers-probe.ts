/**
 * Transfers of this session: bytes moved, average speed while moving, and
 * failures and retries. A failure that happened is a warning (the transfer
 * list says which and why); otherwise ok, zeros included.
 */
import type { Probe } from './probe-types';
import { formatBytes } from './storage-probe';
import type { TransferTotals } from './transfer-tally';

/** The Transfers probe over a tally's snapshot function. */
export function transfersProbe(totals: () => TransferTotals): Probe {
  return {
    id: 'transfers',
    name: 'Transfers',
    async run() {
      const t = totals();
      const speed = t.activeMs > 0 ? Math.round((t.bytes / t.activeMs) * 1000) : 0;
      const details = {
        done: t.done,
        failed: t.failed,
        cancelled: t.cancelled,
        retried: t.retried,
        bytes: t.bytes,
        averageBytesPerSecond: speed,
      };
      const moved = `${t.done} transfer(s) done, ${formatBytes(t.bytes)} moved at ${formatBytes(speed)}/s on average`;
      if (t.failed > 0) {
        return {
          state: 'warning',
          reason: `${moved}; ${t.failed} failed (${t.retried} retried): the transfer list says why.`,
          details,
        };
      }
      return { state: 'ok', reason: `${moved}, none failed.`, details };
    },
  };
}
