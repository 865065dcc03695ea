/** Shared helpers of the engine's integration tests: files of random bytes, hashes, the admin's view of the bucket. */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, openSync, closeSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
  type _Object,
} from '@aws-sdk/client-s3';
import type { LocalProfile } from '../../../src/local/profile';

export const ALICE = { username: 'alice', password: 'Alice-Passw0rd!' };
export const BOB = { username: 'bob', password: 'Bob-Passw0rd!!' };

export function tempFolder(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `s3vault-${prefix}-`));
}

/** Writes `size` random bytes to `file` in 1 MiB chunks, never holding the whole file; returns its SHA-256. */
export function writeRandomFile(file: string, size: number): string {
  const hash = createHash('sha256');
  const fd = openSync(file, 'w');
  try {
    for (let written = 0; written < size;) {
      const chunk = randomBytes(Math.min(1024 * 1024, size - written));
      hash.update(chunk);
      writeSync(fd, chunk);
      written += chunk.length;
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** SHA-256 of a file, streamed. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** An S3 client with the local account's admin keys: sees the whole bucket, as an attacker with the bucket would. */
export function adminS3(profile: LocalProfile): S3Client {
  return new S3Client({
    region: profile.region,
    endpoint: profile.endpoint,
    forcePathStyle: true,
    credentials: profile.localAdmin,
  });
}

/** Every object in the bucket under `prefix`. */
export async function listAll(s3: S3Client, bucket: string, prefix = ''): Promise<_Object[]> {
  const all: _Object[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    all.push(...(page.Contents ?? []));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return all;
}

/** The raw (encrypted) bytes of an object. */
export async function objectBytes(s3: S3Client, bucket: string, key: string): Promise<Buffer> {
  const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await response.Body!.transformToByteArray());
}

/** Multipart uploads not completed nor aborted, under `prefix`. */
export async function openMultipartUploads(s3: S3Client, bucket: string, prefix: string): Promise<number> {
  const result = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix }));
  return result.Uploads?.length ?? 0;
}
