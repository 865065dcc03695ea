import { Readable } from 'node:stream';
import { GetObjectCommand, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { VaultError } from '../errors';
import type { BucketRef } from '../s3/bucket-ref';
import { objectExists } from '../s3/object-probe';
import { isPreconditionFailure, s3ErrorToVaultError } from '../s3/s3-errors';
import { backoffMs, cancelledError, waitOrCancel } from './abort';

/** An object being read: its metadata now, its bytes as they arrive. */
export interface OpenedObject {
  /** User metadata (lower-case names, without x-amz-meta-). */
  metadata: Record<string, string>;
  /** The object's (ciphertext) size. */
  size: number;
  body: Readable;
}

/** Times a broken download resumes where it stopped before it fails with NETWORK. */
const RESUMES = 5;

/**
 * GETs an object and streams its bytes. When the connection breaks in the
 * middle, the read resumes from the last byte received (a ranged GET with
 * If-Match on the ETag, so the rest comes from the same object), with
 * backoff, up to RESUMES times: a dropped connection near the end of a large
 * file does not restart it. A GET refused with 403 is told apart from a
 * missing file (members cannot see 404s; see object-probe).
 */
export async function openObject(
  ref: BucketRef,
  key: string,
  subject: string,
  options: { signal?: AbortSignal; backoff?: (attempt: number) => number } = {},
): Promise<OpenedObject> {
  const { signal, backoff = backoffMs } = options;
  const get = async (range?: string, etag?: string): Promise<GetObjectCommandOutput> => {
    try {
      return await ref.s3.send(new GetObjectCommand({ Bucket: ref.bucket, Key: key, Range: range, IfMatch: etag }), {
        abortSignal: signal,
      });
    } catch (error) {
      if (signal?.aborted) throw cancelledError();
      if (etag && isPreconditionFailure(error)) {
        throw new VaultError('CONFLICT', `“${subject}” was replaced while it was downloading. Try again.`, {
          cause: error,
        });
      }
      const mapped = s3ErrorToVaultError(error, { permission: 's3:GetObject', subject });
      if (mapped.code === 'ACCESS_DENIED' && !(await objectExists(ref, key, subject))) {
        throw new VaultError('NOT_FOUND', `“${subject}” is not in the vault.`, { cause: error });
      }
      throw mapped;
    }
  };

  const first = await get();
  const size = first.ContentLength ?? 0;
  const etag = first.ETag;

  async function* bytes(): AsyncGenerator<Buffer> {
    let response = first;
    let offset = 0;
    for (let resumes = 0; ;) {
      const body = response.Body as Readable | undefined;
      try {
        if (body)
          for await (const chunk of body) {
            offset += (chunk as Buffer).length;
            yield chunk as Buffer;
          }
        if (offset >= size) return;
        throw Object.assign(new Error('The response ended early.'), { code: 'ECONNRESET' });
      } catch (error) {
        if (signal?.aborted) throw cancelledError();
        const mapped = s3ErrorToVaultError(error, { permission: 's3:GetObject', subject });
        if (mapped.code !== 'NETWORK' || ++resumes > RESUMES || etag === undefined) throw mapped;
        await waitOrCancel(backoff(resumes), signal);
        response = await get(`bytes=${offset}-`, etag);
      } finally {
        body?.destroy();
      }
    }
  }

  return { metadata: first.Metadata ?? {}, size, body: Readable.from(bytes(), { objectMode: false }) };
}
