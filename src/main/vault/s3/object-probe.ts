import { ListObjectsV2Command, type _Object } from '@aws-sdk/client-s3';
import { VaultError } from '../errors';
import type { BucketRef } from './bucket-ref';
import { s3ErrorToVaultError } from './s3-errors';

/**
 * Existence checks and full listings, done with ListObjectsV2 only: vault
 * members may list under their own prefix, but S3 answers a GET or HEAD of a
 * missing key with 403 (not 404) to anyone who cannot list the whole bucket,
 * so a listing is the one way to tell "missing" from "refused".
 */

/** Whether an object with exactly this key exists. `subject` names it in errors. */
export async function objectExists(ref: BucketRef, key: string, subject: string): Promise<boolean> {
  return (await objectSize(ref, key, subject)) !== undefined;
}

/**
 * The VaultError for a failed GET of `key`. Members get 403 for a missing key
 * (they may list only with a prefix, as on AWS): it is NOT_FOUND when a
 * listing shows the key is not there.
 */
export async function getObjectFailure(
  ref: BucketRef,
  key: string,
  subject: string,
  error: unknown,
): Promise<VaultError> {
  const mapped = s3ErrorToVaultError(error, { permission: 's3:GetObject', subject });
  if (mapped.code === 'ACCESS_DENIED' && !(await objectExists(ref, key, subject))) {
    return new VaultError('NOT_FOUND', `“${subject}” is not in the vault.`, { cause: error });
  }
  return mapped;
}

/** The size of the object at `key`, or undefined when there is none (found by listing, as objectExists). */
export async function objectSize({ s3, bucket }: BucketRef, key: string, subject: string): Promise<number | undefined> {
  // Keys sort byte-wise, so the key itself, if present, comes before every longer key it prefixes.
  try {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: key, MaxKeys: 1 }));
    const first = page.Contents?.[0];
    return first?.Key === key ? (first.Size ?? 0) : undefined;
  } catch (error) {
    throw s3ErrorToVaultError(error, { permission: 's3:ListBucket', subject });
  }
}

/** Whether any object's key starts with `prefix` (a folder exists, with or without a marker). */
export async function prefixInUse({ s3, bucket }: BucketRef, prefix: string, subject: string): Promise<boolean> {
  try {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: 1 }));
    return (page.KeyCount ?? page.Contents?.length ?? 0) > 0;
  } catch (error) {
    throw s3ErrorToVaultError(error, { permission: 's3:ListBucket', subject });
  }
}

/** Every object under `prefix`, page by page (no delimiter: the whole subtree). */
export async function* listSubtree(
  { s3, bucket }: BucketRef,
  prefix: string,
  subject: string,
): AsyncGenerator<_Object[]> {
  let token: string | undefined;
  do {
    let page;
    try {
      page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    } catch (error) {
      throw s3ErrorToVaultError(error, { permission: 's3:ListBucket', subject });
    }
    if (page.Contents?.length) yield page.Contents;
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}
