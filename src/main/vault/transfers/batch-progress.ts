import type { TransferProgress } from './transfer-types';

/**
 * Folds the progress of each file of a batch into batch totals, for uploads
 * and downloads alike: a file's callback reports its own bytes, and every
 * report carries the batch's bytes and files done so far.
 */
export function createBatchProgress(
  files: readonly { path: string; size: number }[],
  report: ((progress: TransferProgress) => void) | undefined,
) {
  const total = files.reduce((sum, file) => sum + file.size, 0);
  const perFile = new Map<string, number>();
  let batchBytes = 0;
  let filesDone = 0;
  return {
    /** The progress callback for one file of the batch. */
    forFile(path: string) {
      return (bytes: number, size: number) => {
        batchBytes += bytes - (perFile.get(path) ?? 0);
        perFile.set(path, bytes);
        report?.({ path, bytes, total: size, batch: { bytes: batchBytes, total, files: files.length, filesDone } });
      };
    },
    /** Counts a file as finished (done or failed). */
    fileDone() {
      filesDone++;
    },
  };
}
