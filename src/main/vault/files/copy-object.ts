import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { VaultError } from '../errors';
import type { BucketRef } from '../s3/bucket-ref';
import { isPreconditionFailure, s3ErrorToVaultError } from '../s3/s3-errors';

/** CopyObject copies at most 5 GiB; larger objects are copied part by part. */
export const MAX_SINGLE_COPY = 5 * 1024 ** 3;
const COPY_PART = 512 * 1024 * 1024;

/** `x-amz-copy-source`: bucket and key, URL-encoded (the SDK sends it as given). */
export function copySource(bucket: string, key: string): string {
  return `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

/**
 * Copies an object to a new key inside the bucket, keeping its metadata (the
 * file id: the copy decrypts with the same context), only if the new key is
 * free (If-None-Match: *; CONFLICT otherwise). Objects over 5 GiB are copied
 * with UploadPartCopy.
 */
export async function copyObject(
  ref: BucketRef,
  from: { key: string; size: number },
  toKey: string,
  subject: string,
): Promise<void> {
  const { s3, bucket } = ref;
  try {
    if (from.size <= MAX_SINGLE_COPY) {
      await s3.send(
        new CopyObjectCommand({
          Bucket: bucket,
          Key: toKey,
          CopySource: copySource(bucket, from.key),
          MetadataDirective: 'COPY',
          IfNoneMatch: '*',
        }),
      );
      return;
    }
    await copyInParts(ref, from, toKey);
  } catch (error) {
    if (isPreconditionFailure(error)) {
      throw new VaultError('CONFLICT', `Something is already at the new place of “${subject}”.`, { cause: error });
    }
    throw s3ErrorToVaultError(error, { permission: 's3:PutObject', subject });
  }
}

async function copyInParts(ref: BucketRef, from: { key: string; size: number }, toKey: string): Promise<void> {
  const { s3, bucket } = ref;
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: from.key }));
  const { UploadId } = await s3.send(
    new CreateMultipartUploadCommand({
      Bucket: bucket,
      Key: toKey,
      Metadata: head.Metadata,
      ContentType: head.ContentType,
    }),
  );
  try {
    const parts = [];
    for (let start = 0, number = 1; start < from.size; start += COPY_PART, number++) {
      const end = Math.min(start + COPY_PART, from.size) - 1;
      const part = await s3.send(
        new UploadPartCopyCommand({
          Bucket: bucket,
          Key: toKey,
          UploadId,
          PartNumber: number,
          CopySource: copySource(bucket, from.key),
          CopySourceRange: `bytes=${start}-${end}`,
          CopySourceIfMatch: head.ETag,
        }),
      );
      parts.push({ PartNumber: number, ETag: part.CopyPartResult?.ETag });
    }
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: toKey,
        UploadId,
        MultipartUpload: { Parts: parts },
        IfNoneMatch: '*',
      }),
    );
  } catch (error) {
    await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: toKey, UploadId })).catch(() => {});
    throw error;
  }
}
