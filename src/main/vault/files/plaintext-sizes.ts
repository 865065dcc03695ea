import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { runQueue } from '../transfers/task-queue';
import { PLAINTEXT_SIZE_METADATA } from '../s3/file-metadata';
import { s3ErrorToVaultError } from '../s3/s3-errors';
import type { BucketRef } from '../s3/bucket-ref';

/** A listed object whose plaintext size is wanted. */
export interface SizedObject {
  key: string;
  etag: string;
  /** The object's size, the fallback when its metadata has none. */
  storedSize: number;
  /** Its vault path, for error messages. */
  path: string;
}

/** HEAD requests in flight while sizing a listing. */
const HEADS_AT_ONCE = 8;
/** Sizes remembered; past it the cache starts over. */
const CACHE_LIMIT = 50_000;

/**
 * Plaintext sizes of listed files. ListObjectsV2 returns no user metadata, so
 * each size comes from a HEAD of the object (x-amz-meta-plaintext-size), made
 * in parallel and remembered by key and ETag: listing the same folder again
 * costs nothing for files that did not change.
 */
export interface PlaintextSizes {
  sizesOf(ref: BucketRef, objects: readonly SizedObject[]): Promise<number[]>;
}

/** Creates a size cache for one session. */
export function createPlaintextSizes(): PlaintextSizes {
  const cache = new Map<string, number>();
  return {
    async sizesOf({ s3, bucket }, objects) {
      const results = await runQueue(
        objects.map((object) => ({
          heavy: false,
          run: async (): Promise<number> => {
            const cacheKey = `${object.key}\n${object.etag}`;
            const known = cache.get(cacheKey);
            if (known !== undefined) return known;
            let metadata;
            try {
              metadata = (await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: object.key }))).Metadata;
            } catch (error) {
              const mapped = s3ErrorToVaultError(error, { permission: 's3:GetObject', subject: object.path });
              // Removed since it was listed (members see that as 403): show what the listing said.
              if (mapped.code === 'ACCESS_DENIED' || mapped.code === 'NOT_FOUND') return object.storedSize;
              throw mapped;
            }
            const size = Number(metadata?.[PLAINTEXT_SIZE_METADATA]);
            const plaintextSize = Number.isSafeInteger(size) && size >= 0 ? size : object.storedSize;
            if (cache.size >= CACHE_LIMIT) cache.clear();
            cache.set(cacheKey, plaintextSize);
            return plaintextSize;
          },
        })),
        { concurrency: HEADS_AT_ONCE, heavy: HEADS_AT_ONCE },
      );
      return results.map((result) => {
        if (result.status === 'rejected') throw result.reason;
        return result.value;
      });
    },
  };
}
