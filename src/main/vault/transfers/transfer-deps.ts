import type { FileCipher } from '../crypto/file-cipher';
import type { BucketRef } from '../s3/bucket-ref';
import type { DirectObjects } from '../s3/direct-objects';

/** What a transfer needs: the bucket, the file cipher, and whose files these are. */
export interface TransferDeps extends BucketRef {
  cipher: FileCipher;
  /** Whole small objects, put and got without the SDK's per-request cost (see direct-objects.ts). */
  objects: DirectObjects;
  /** The `vault` of every encryption context. */
  vaultId: string;
  /** The `owner` of the files this person writes. */
  identityId: string;
  /**
   * Called after each part of a multipart upload is sent, and after each small
   * file moved whole. The CLI collects garbage there (see garbage-relief.ts):
   * every part leaves ~4× its size of dead buffers, which V8 otherwise frees
   * only ~64 MiB late, and thousands of small files grow the old generation
   * by ~60 MB between V8's own full collections.
   */
  relieveMemory?: () => void;
  /**
   * Read small files (those sent whole), and write streamed downloads, with
   * blocking calls: no hand-off to the thread pool per call, which on 2 busy
   * cores also costs the main thread a context switch each time (2,000 files
   * of 16 KiB up: 2.72-3.11 s instead of 3.10-3.43 s), and a download's bytes
   * are written while still in the cache of the core that decrypted them
   * (see atomic-file.ts; 1 GiB down in the bench: 3.2-3.9 s before, 2.4-2.5 s).
   * The CLI turns it on: only its other transfers wait meanwhile. The app does
   * not: a slow or network disk must not freeze its main process.
   */
  blockingFileCalls?: boolean;
}
