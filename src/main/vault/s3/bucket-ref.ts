import type { S3Client } from '@aws-sdk/client-s3';

/** The S3 client and bucket that one person's vault operations run against. */
export interface BucketRef {
  s3: S3Client;
  bucket: string;
}
