import type { VaultLayout } from '../names/layout';
import type { BucketRef } from '../s3/bucket-ref';

/** What file operations need: the bucket, and the person's layout (encrypted names). */
export interface FilesDeps extends BucketRef {
  layout: VaultLayout;
}
