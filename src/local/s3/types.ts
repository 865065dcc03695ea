/** What the S3 store keeps about objects, uploads and buckets. */
import type { BucketModel } from '../core/model';
import type { ChecksumAlgorithm } from '../sigv4';

/** Server-side encryption as S3 reports it (the local store does not encrypt at rest; the files are already client-side encrypted). */
export interface Sse {
  algorithm: 'aws:kms' | 'AES256';
  kmsKeyArn?: string;
  bucketKeyEnabled?: boolean;
}

export type ChecksumType = 'FULL_OBJECT' | 'COMPOSITE';

export interface StoredChecksum {
  algorithm: ChecksumAlgorithm;
  /** base64; for COMPOSITE: "<base64>-<parts>". */
  value: string;
  type: ChecksumType;
}

/** Headers S3 stores with an object and returns on GET/HEAD. */
export interface ContentHeaders {
  contentType: string;
  contentEncoding?: string;
  contentDisposition?: string;
  contentLanguage?: string;
  cacheControl?: string;
  expires?: string;
}

export interface ObjectMeta extends ContentHeaders {
  key: string;
  size: number;
  /** Unquoted: md5 hex, or "<md5 of md5s>-<parts>" for multipart objects. */
  etag: string;
  /** Epoch ms, whole seconds (S3 keeps second precision). */
  lastModified: number;
  /** Data file id under the bucket's data folder. */
  file: string;
  userMetadata: Record<string, string>;
  checksum?: StoredChecksum;
  /** Number of parts for multipart objects. */
  parts?: number;
  sse?: Sse;
  /** Present when the bucket's versioning was Enabled at write time. */
  versionId?: string;
}

/** A bucket and its current settings (the model's, possibly changed by Put* calls). */
export interface BucketRecord {
  name: string;
  createdAt: number;
  /** Declared in the template (cannot be deleted here). */
  fromModel: boolean;
  config: BucketModel;
}
