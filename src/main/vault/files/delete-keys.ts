import { DeleteObjectsCommand } from '@aws-sdk/client-s3';
import { VaultError } from '../errors';
import type { BucketRef } from '../s3/bucket-ref';
import { s3ErrorToVaultError } from '../s3/s3-errors';

/** DeleteObjects takes at most this many keys. */
export const DELETE_BATCH = 1000;

/**
 * Deletes keys with DeleteObjects, 1000 at a time. S3 answers 200 even when
 * some keys were refused, listing them under Errors: any such key fails the
 * call (naming s3:DeleteObject), after the batch's other keys were deleted.
 */
export async function deleteKeys({ s3, bucket }: BucketRef, keys: readonly string[], subject: string): Promise<void> {
  for (let start = 0; start < keys.length; start += DELETE_BATCH) {
    const batch = keys.slice(start, start + DELETE_BATCH);
    let result;
    try {
      result = await s3.send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        }),
      );
    } catch (error) {
      throw s3ErrorToVaultError(error, { permission: 's3:DeleteObject', subject });
    }
    const refused = result.Errors ?? [];
    if (refused.length > 0) {
      const code = refused[0]!.Code ?? 'InternalError';
      const error = Object.assign(new Error(refused[0]!.Message ?? code), { name: code });
      const mapped = s3ErrorToVaultError(error, { permission: 's3:DeleteObject', subject });
      throw new VaultError(mapped.code, `${refused.length} item(s) could not be removed: ${mapped.message}`, {
        cause: error,
      });
    }
  }
}
