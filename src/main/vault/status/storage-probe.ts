/**
 * Storage: how many files and bytes are under one's own prefix (listed, so
 * the bytes are ciphertext as S3 stores it: a few hundred bytes more per file
 * than the plaintext), the largest files (names decrypted, as the listing
 * needs only the name key already loaded), and for administrators the whole
 * bucket's totals.
 */
import { ListObjectsV2Command, type S3Client, type _Object } from '@aws-sdk/client-s3';
import { NAME_KEY_OBJECT, rootPrefix, type VaultLayout } from '../names/layout';
import { s3ErrorToVaultError } from '../s3/s3-errors';
import type { VaultSession } from '../session';
import type { Probe, ProbeDetails } from './probe-types';

/** A listing stops after this many objects (100 pages): totals then say "at least". */
const MAX_OBJECTS = 100_000;
const LARGEST = 3;

/** The Storage probe; `layout` decrypts names (it may fail: keys are shown then). */
export function storageProbe(
  s3: S3Client,
  session: Pick<VaultSession, 'profile' | 'identityId' | 'isAdmin'>,
  layout: () => Promise<VaultLayout>,
): Probe {
  const bucket = session.profile.bucket;
  return {
    id: 'storage',
    name: 'Storage',
    async run({ signal }) {
      const own = await listAll(s3, bucket, `private/${session.identityId}/`, signal, 'your folder');
      const files = own.objects.filter(
        (object) => !object.Key!.endsWith('/') && object.Key !== rootPrefix(session.identityId) + NAME_KEY_OBJECT,
      );
      const bytes = files.reduce((sum, object) => sum + (object.Size ?? 0), 0);
      const atLeast = own.truncated ? 'at least ' : '';
      const details: ProbeDetails = { files: files.length, bytes, bytesAre: 'ciphertext, as stored in S3' };
      const largest = [...files].sort((a, b) => (b.Size ?? 0) - (a.Size ?? 0)).slice(0, LARGEST);
      const names = await layout().then(
        (l) => (key: string) => {
          try {
            return l.pathForObjectKey(key)?.path ?? key;
          } catch {
            // A name that fails its integrity check: the key still identifies the file.
            return key;
          }
        },
        () => (key: string) => key,
      );
      largest.forEach((object, index) => {
        details[`largest ${index + 1}`] = `${names(object.Key!)} (${object.Size ?? 0} bytes)`;
      });
      let reason = `You keep ${atLeast}${files.length} file(s), ${formatBytes(bytes)} as stored (encrypted).`;
      if (session.isAdmin) {
        const all = await listAll(s3, bucket, '', signal, 'the whole bucket');
        const allBytes = all.objects.reduce((sum, object) => sum + (object.Size ?? 0), 0);
        details.bucketObjects = all.objects.length;
        details.bucketBytes = allBytes;
        reason += ` The bucket holds ${all.truncated ? 'at least ' : ''}${all.objects.length} object(s), ${formatBytes(allBytes)}.`;
      }
      return { state: 'ok', reason, details };
    },
  };
}

async function listAll(
  s3: S3Client,
  bucket: string,
  prefix: string,
  signal: AbortSignal,
  subject: string,
): Promise<{ objects: _Object[]; truncated: boolean }> {
  const objects: _Object[] = [];
  let token: string | undefined;
  do {
    const page = await s3
      .send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, ContinuationToken: token }), {
        abortSignal: signal,
      })
      .catch((error: unknown) => {
        throw s3ErrorToVaultError(error, { permission: 's3:ListBucket', subject });
      });
    for (const object of page.Contents ?? []) if (object.Key) objects.push(object);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token && objects.length < MAX_OBJECTS);
  return { objects, truncated: token !== undefined };
}

/** 1.5 MB, as people read sizes. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}
