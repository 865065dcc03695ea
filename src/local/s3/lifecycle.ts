/**
 * The lifecycle rules the template declares, applied the way S3 applies them
 * (asynchronously, here at start and then hourly): incomplete multipart uploads
 * aborted after DaysAfterInitiation, current objects expired after Expiration.Days.
 * NoncurrentVersionExpiration has nothing to do: only current versions are kept.
 */
import type { BucketRegistry } from './buckets';
import type { MultipartStore } from './multipart-store';
import type { ObjectStore } from './store';

const DAY = 24 * 3600 * 1000;

export async function applyLifecycle(
  buckets: BucketRegistry,
  store: ObjectStore,
  uploads: MultipartStore,
  now: Date,
  log: (line: string) => void,
): Promise<void> {
  for (const bucket of buckets.list()) {
    for (const rule of bucket.config.lifecycleRules) {
      if (rule.Status !== 'Enabled') continue;
      const prefix = rule.Prefix ?? '';
      if (rule.AbortIncompleteMultipartUpload) {
        const cutoff = now.getTime() - rule.AbortIncompleteMultipartUpload.DaysAfterInitiation * DAY;
        for (const uploadId of uploads.olderThan(bucket.name, prefix, cutoff)) {
          await uploads.remove(uploadId);
          log(`s3: lifecycle rule ${rule.ID} aborted an incomplete multipart upload in ${bucket.name}`);
        }
      }
      if (rule.Expiration) {
        const cutoff = now.getTime() - rule.Expiration.Days * DAY;
        const index = store.index(bucket.name);
        const expired = [...index.values()]
          .filter((m) => m.key.startsWith(prefix) && m.lastModified < cutoff)
          .map((m) => m.key);
        for (const key of expired) store.delete(bucket.name, key);
        if (expired.length > 0)
          log(`s3: lifecycle rule ${rule.ID} expired ${expired.length} object(s) in ${bucket.name}`);
      }
    }
  }
}
