/** Progress of one file, in plaintext bytes (what the person sees as the file's size). */
export interface FileProgress {
  /** The file's path in the vault. */
  path: string;
  /** Plaintext bytes read from disk (upload) or written to disk (download) so far. */
  bytes: number;
  /** The file's plaintext size (0 when unknown). */
  total: number;
}

/** Progress of a batch of files: the file that moved, and the whole batch. */
export interface TransferProgress extends FileProgress {
  batch: {
    bytes: number;
    total: number;
    files: number;
    filesDone: number;
  };
}

/** What every transfer accepts: a way to cancel it and a progress callback. */
export interface TransferControl {
  /** Aborting it cancels the transfer: CANCELLED, and nothing is left behind. */
  signal?: AbortSignal;
  onProgress?: (progress: TransferProgress) => void;
}
