import type { TransferProgress } from '../main/vault/transfers/transfer-types';
import { formatBytes } from './cli-format';

/** Redraws at most this often: a terminal cannot show more, and each redraw costs. */
const REDRAW_MS = 100;

/** A progress display: feed it progress events, call `done()` before printing anything else. */
export interface ProgressLine {
  update(progress: TransferProgress): void;
  done(): void;
}

/**
 * One updating line on stderr (`\r` and erase-line), only when stderr is a
 * terminal: piped or redirected output gets no progress at all, so logs and
 * scripts see only results.
 */
export function createProgressLine(stream: NodeJS.WriteStream = process.stderr): ProgressLine | undefined {
  if (!stream.isTTY) return undefined;
  const started = Date.now();
  let last = 0;
  let shown = false;
  return {
    update(progress) {
      const now = Date.now();
      if (now - last < REDRAW_MS) return;
      last = now;
      const { batch } = progress;
      const percent = batch.total > 0 ? Math.min(100, Math.floor((batch.bytes / batch.total) * 100)) : 100;
      const rate = batch.bytes / Math.max(0.001, (now - started) / 1000);
      const files = batch.files > 1 ? `[${batch.filesDone}/${batch.files}] ` : '';
      const text = `${files}${progress.path}  ${formatBytes(batch.bytes)} / ${formatBytes(batch.total)}  ${percent}%  ${formatBytes(Math.round(rate))}/s`;
      const width = stream.columns ? stream.columns - 1 : 120;
      stream.write(`\r\x1b[K${text.length > width ? `…${text.slice(text.length - width + 1)}` : text}`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
