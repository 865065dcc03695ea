import { finished, Readable } from 'node:stream';
import { GetObjectCommand, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { VaultError } from '../errors';
import type { BucketRef } from '../s3/bucket-ref';
import { getObjectFailure } from '../s3/object-probe';
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
      throw await getObjectFailure(ref, key, subject, error);
    }
  };

  const first = await get();
  const body = new ObjectBody({
    first: first.Body as Readable | undefined,
    size: first.ContentLength ?? 0,
    resume: async (resumes, offset, error) => {
      if (signal?.aborted) throw cancelledError();
      const mapped = s3ErrorToVaultError(error, { permission: 's3:GetObject', subject });
      if (mapped.code !== 'NETWORK' || resumes > RESUMES || first.ETag === undefined) throw mapped;
      await waitOrCancel(backoff(resumes), signal);
      return (await get(`bytes=${offset}-`, first.ETag)).Body as Readable | undefined;
    },
  });
  return { metadata: first.Metadata ?? {}, size: first.ContentLength ?? 0, body };
}

/**
 * Bytes read ahead of the consumer (the decrypt): a few socket reads (64 KiB
 * each), so that the next one is there when the decrypt asks.
 */
const READ_AHEAD = 256 * 1024;

/**
 * The bytes of an object, over one response body after another: it passes each
 * body's chunks on as they come (no copy, no extra turn of the event loop per
 * chunk), and when a body breaks or ends early, asks `resume` for the rest.
 */
class ObjectBody extends Readable {
  readonly #size: number;
  readonly #resume: (resumes: number, offset: number, error: unknown) => Promise<Readable | undefined>;
  #body: Readable | undefined;
  #offset = 0;
  #resumes = 0;

  constructor(options: {
    first: Readable | undefined;
    size: number;
    /** The rest of the object from `offset`, or the error to fail with; `resumes` counts from 1. */
    resume: (resumes: number, offset: number, error: unknown) => Promise<Readable | undefined>;
  }) {
    super({ highWaterMark: READ_AHEAD });
    this.#size = options.size;
    this.#resume = options.resume;
    this.#attach(options.first);
  }

  override _read(): void {
    this.#body?.resume();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#detach()?.destroy();
    callback(error);
  }

  readonly #onData = (chunk: Buffer): void => {
    this.#offset += chunk.length;
    if (!this.push(chunk)) this.#body?.pause();
  };

  #attach(body: Readable | undefined): void {
    if (!body) {
      this.#broken(undefined);
      return;
    }
    this.#body = body;
    body.on('data', this.#onData);
    finished(body, (error) => {
      if (this.#body !== body) return;
      this.#detach();
      body.destroy();
      if (!error && this.#offset >= this.#size) this.push(null);
      else this.#broken(error);
    });
  }

  #detach(): Readable | undefined {
    const body = this.#body;
    body?.off('data', this.#onData);
    this.#body = undefined;
    return body;
  }

  /** The body broke (or ended early): resume from the last byte received, or fail. */
  #broken(error: unknown): void {
    const cause =
      error === undefined || (error as { code?: unknown }).code === 'ERR_STREAM_PREMATURE_CLOSE'
        ? Object.assign(new Error('The response ended early.'), { code: 'ECONNRESET', cause: error })
        : error;
    this.#resume(++this.#resumes, this.#offset, cause).then(
      (body) => {
        if (this.destroyed) body?.destroy();
        else this.#attach(body);
      },
      (failure: Error) => this.destroy(failure),
    );
  }
}
