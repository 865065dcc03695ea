import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { errorNameOf, httpStatusOf } from '../s3/s3-errors';

/**
 * Watches what lib-storage's Upload does with the S3 client, because Upload
 * does not tell:
 *
 * - Upload.done() rejects at once on abort(), while parts are still in flight
 *   and before Upload itself sends AbortMultipartUpload (which it may never do
 *   if its uploaders are waiting for data). The tracker knows the upload id and
 *   every request in flight, so {@link MultipartTracker.abandon} can wait for
 *   them and abort the multipart upload for certain.
 * - When a part fails (after the SDK's retries), Upload's other uploaders go on
 *   reading and sending the rest of the file before it reports the failure.
 *   `onPartFailure` lets the caller stop the body at once instead.
 */
export interface MultipartTracker {
  /** The S3 client to give to Upload: the same client, with its requests watched. */
  readonly client: S3Client;
  /**
   * Waits until no request is in flight, then aborts the multipart upload if
   * one was created and neither completed nor aborted. Resolves to false when
   * the abort itself failed (the bucket's lifecycle rule removes the parts
   * later); never throws.
   */
  abandon(): Promise<boolean>;
  /** Whether S3 accepted the object (PutObject or CompleteMultipartUpload succeeded): it is in the bucket. */
  readonly committed: boolean;
}

/** What a tracker reports: a part that failed for good (after the SDK's retries), and each part sent. */
export interface PartEvents {
  onPartFailure(error: unknown): void;
  onPartSent?(): void;
}

/** Wraps `s3` for one Upload. */
export function trackMultipart(
  s3: S3Client,
  target: { bucket: string; key: string },
  events: PartEvents,
): MultipartTracker {
  const inFlight = new Set<Promise<unknown>>();
  let uploadId: string | undefined;
  let finished = false;
  let committed = false;

  const send = (command: Parameters<S3Client['send']>[0]): Promise<unknown> => {
    const sent = (s3.send as (c: typeof command) => Promise<unknown>)(command).then(
      (output) => {
        if (command instanceof UploadPartCommand) events.onPartSent?.();
        if (command instanceof CreateMultipartUploadCommand) {
          uploadId = (output as { UploadId?: string }).UploadId;
        }
        if (command instanceof CompleteMultipartUploadCommand || command instanceof AbortMultipartUploadCommand) {
          finished = true;
        }
        if (command instanceof PutObjectCommand || command instanceof CompleteMultipartUploadCommand) committed = true;
        return output;
      },
      (error: unknown) => {
        if (command instanceof UploadPartCommand) events.onPartFailure(error);
        throw error;
      },
    );
    inFlight.add(sent);
    const forget = () => inFlight.delete(sent);
    sent.then(forget, forget);
    return sent;
  };

  const client = new Proxy(s3, {
    get(object, property, receiver) {
      return property === 'send' ? send : Reflect.get(object, property, receiver);
    },
  });

  return {
    client,
    get committed() {
      return committed;
    },
    async abandon() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      if (uploadId === undefined || finished) return true;
      try {
        await s3.send(new AbortMultipartUploadCommand({ Bucket: target.bucket, Key: target.key, UploadId: uploadId }));
      } catch (error) {
        // Already gone (Upload aborted it meanwhile): nothing is left.
        if (errorNameOf(error) !== 'NoSuchUpload' && httpStatusOf(error) !== 404) return false;
      }
      finished = true;
      return true;
    },
  };
}
