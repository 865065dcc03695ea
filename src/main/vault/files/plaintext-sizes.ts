import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { messageShape, plaintextSizeOf, type MessageShape } from '../crypto/message-size';
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
/** From this many sizes not known yet, a listing derives them (see below) instead of a HEAD each. */
const DERIVE_FROM = 3;
/** Bytes read from the start of an object to learn its header's length (a KMS-wrapped header is ~0.5 KiB). */
const HEADER_BYTES = 4096;

/**
 * Plaintext sizes of listed files, remembered by key and ETag: listing the
 * same folder again costs nothing for files that did not change.
 *
 * ListObjectsV2 returns no user metadata. The size the object's metadata
 * records (x-amz-meta-plaintext-size) is the reference, read with a HEAD. A
 * listing with several new files instead derives them from the stored sizes:
 * a file's message is its header, whose length depends only on the encryption
 * context ({vault, owner}: the same for all of one person's files) and the
 * encrypted data key (one, wrapped by the vault's KMS key), then frames of a
 * known overhead (see message-size). Files written before file ids became
 * message ids carry a `file` context key too (a 30-byte longer header): in a
 * folder that mixes both, the older files may be shown up to 30 bytes off
 * (downloads are exact; the metadata's size is right). The header's
 * length and the frame length are read from the first bytes of one of the new
 * files (a ranged GET) and accepted only if they give exactly the size its
 * metadata (a HEAD) records; an object whose stored size no plaintext size
 * fits is sized by a HEAD, as are all of them when that check fails.
 */
export interface PlaintextSizes {
  sizesOf(ref: BucketRef, objects: readonly SizedObject[]): Promise<number[]>;
}

/** Creates a size cache for one session. */
export function createPlaintextSizes(): PlaintextSizes {
  const cache = new Map<string, number>();
  return {
    async sizesOf(ref, objects) {
      const { s3, bucket } = ref;
      const remember = (object: SizedObject, size: number): number => {
        if (cache.size >= CACHE_LIMIT) cache.clear();
        cache.set(`${object.key}\n${object.etag}`, size);
        return size;
      };
      const unknown = objects.filter((object) => !cache.has(`${object.key}\n${object.etag}`));
      const shape = unknown.length >= DERIVE_FROM ? await learnShape(ref, unknown[0]!) : undefined;
      const results = await runQueue(
        objects.map((object) => ({
          heavy: false,
          run: async (): Promise<number> => {
            const cacheKey = `${object.key}\n${object.etag}`;
            const known = cache.get(cacheKey);
            if (known !== undefined) return known;
            const derived = shape && plaintextSizeOf(object.storedSize, shape);
            if (derived !== undefined) return remember(object, derived);
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
            return remember(object, Number.isSafeInteger(size) && size >= 0 ? size : object.storedSize);
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

/**
 * The message shape of `object`, read from its first bytes, if it gives the
 * plaintext size its metadata records; undefined otherwise (or on any error:
 * the sizes then come from HEADs, which report errors as before).
 */
async function learnShape({ s3, bucket }: BucketRef, object: SizedObject): Promise<MessageShape | undefined> {
  try {
    const [head, start] = await Promise.all([
      s3.send(new HeadObjectCommand({ Bucket: bucket, Key: object.key })),
      s3.send(
        new GetObjectCommand({
          Bucket: bucket,
          Key: object.key,
          Range: `bytes=0-${HEADER_BYTES - 1}`,
          IfMatch: object.etag || undefined,
        }),
      ),
    ]);
    const bytes = await start.Body?.transformToByteArray();
    const shape = bytes && messageShape(bytes);
    const recorded = Number(head.Metadata?.[PLAINTEXT_SIZE_METADATA]);
    if (!shape || head.ETag !== object.etag || head.ContentLength !== object.storedSize) return undefined;
    return plaintextSizeOf(object.storedSize, shape) === recorded ? shape : undefined;
  } catch {
    return undefined;
  }
}
