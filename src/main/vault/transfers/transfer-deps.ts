import type { FileCipher } from '../crypto/file-cipher';
import type { BucketRef } from '../s3/bucket-ref';

/** What a transfer needs: the bucket, the file cipher, and whose files these are. */
export interface TransferDeps extends BucketRef {
  cipher: FileCipher;
  /** The `vault` of every encryption context. */
  vaultId: string;
  /** The `owner` of the files this person writes. */
  identityId: string;
  /**
   * Called after each part of a multipart upload is sent. The CLI collects
   * garbage there: every part leaves ~4× its size of dead buffers (read,
   * encrypted, joined into a part), which V8 otherwise frees only ~64 MiB late.
   */
  afterPart?: () => void;
}
