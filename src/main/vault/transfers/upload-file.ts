import { open } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { VaultError } from '../errors';
import type { EncryptStream } from '../crypto/file-cipher';
import { FILE_ID_METADATA, fileMetadata } from '../s3/file-metadata';
import { objectExists, prefixInUse } from '../s3/object-probe';
import { errorNameOf, isPreconditionFailure, s3ErrorToVaultError } from '../s3/s3-errors';
import { backoffMs, cancelledError, throwIfCancelled, waitOrCancel } from './abort';
import { blockingReads, type ReadCalls, threadPoolReads } from './fs-calls';
import { localFileErrorToVaultError } from './local-file-errors';
import { trackMultipart } from './multipart-tracker';
import type { TransferDeps } from './transfer-deps';
import { MAX_OBJECT_SIZE, partSizeFor, QUEUE_SIZE, WHOLE_FILE_LIMIT } from './upload-tuning';

/** One file to upload: where it is on disk, and where it goes in the vault. */
export interface UploadJob {
  localPath: string;
  /** The file's path in the vault ("Photos/beach.jpg"). */
  path: string;
  /** Its object key (layout.objectKeyFor(path)). */
  key: string;
}

export interface UploadFileOptions {
  /** Replace a file already at the path; without it, CONFLICT. */
  overwrite?: boolean;
  signal?: AbortSignal;
  /** Plaintext bytes read so far, and the file's size. */
  onProgress?: (bytes: number, total: number) => void;
  /** Tuning (tests): part size floor and parts in flight. */
  partSize?: number;
  queueSize?: number;
  /** Whole-upload attempts for files that fit in one part; default 3. */
  attempts?: number;
  /**
   * The caller has checked that no folder is at the path (uploadBatch does, one
   * listing per destination folder): skips that per-file LIST.
   */
  folderChecked?: boolean;
}

/** A file now in the vault. */
export interface UploadedFile {
  path: string;
  key: string;
  fileId: string;
  /** Plaintext bytes. */
  size: number;
}

/** Chunks read from disk: one frame of the file cipher, so each read becomes one frame. */
const READ_CHUNK = 256 * 1024;

/**
 * Uploads one file: disk → encryption (context {vault, owner}; the file id is
 * the message id) → S3: small files whole with one PUT, larger ones
 * streaming as a multipart upload, in bounded memory. The file id and the
 * plaintext size go into the object's metadata; the object is written only if
 * the key is free (If-None-Match: *) unless `overwrite`.
 *
 * Failures: a part that fails is retried by the SDK (S3_MAX_ATTEMPTS); a file
 * small enough for one PUT is retried whole on a network failure, with backoff
 * (it is re-read and re-encrypted as a new message). Whatever fails or is
 * cancelled, the multipart upload is aborted, so no parts are left behind.
 */
export async function uploadFile(
  deps: TransferDeps,
  job: UploadJob,
  options: UploadFileOptions = {},
): Promise<UploadedFile> {
  throwIfCancelled(options.signal);
  const overwrite = options.overwrite === true;
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    const local = await readLocalFile(job.localPath, deps.blockingFileCalls ? blockingReads : threadPoolReads);
    const { size } = local;
    const partSize = partSizeFor(size, options.partSize);
    if (attempt === 1) await checkTargetFree(deps, job, { overwrite, multipart: size > partSize, ...options });
    try {
      return local.data
        ? await putWhole(deps, job, local.data, options)
        : await uploadOnce(deps, job, size, partSize, options);
    } catch (error) {
      const retryable = error instanceof VaultError && (error.code === 'NETWORK' || error.code === 'UNAVAILABLE');
      // Larger files already had each part retried by the SDK; sending them again whole would cost too much.
      if (!retryable || size > partSize || attempt >= attempts || options.signal?.aborted) throw error;
      await waitOrCancel(backoffMs(attempt), options.signal);
    }
  }
}

/**
 * Refuses a path that is taken: by a folder always (unless the caller checked
 * it), by a file unless overwriting. A file is checked for here only before a
 * multipart upload, so a large file does not travel whole to fail at its
 * completion; a single PUT is conditional (If-None-Match: *) and S3 itself
 * refuses it when the key is taken (see alreadyInVault), which costs no request.
 */
async function checkTargetFree(
  deps: TransferDeps,
  job: UploadJob,
  options: { overwrite: boolean; multipart: boolean; folderChecked?: boolean },
): Promise<void> {
  if (!options.folderChecked && (await prefixInUse(deps, `${job.key}/`, job.path))) {
    throw new VaultError('CONFLICT', `“${job.path}” is a folder in the vault.`);
  }
  if (!options.overwrite && options.multipart && (await objectExists(deps, job.key, job.path))) {
    throw alreadyInVault(job.path);
  }
}

function alreadyInVault(path: string, cause?: unknown): VaultError {
  return new VaultError('CONFLICT', `“${path}” is already in the vault. Choose to replace it, or another name.`, {
    cause,
  });
}

/** A file's size, and its bytes when it is small enough to be read whole (WHOLE_FILE_LIMIT). */
async function readLocalFile(localPath: string, calls: ReadCalls): Promise<{ size: number; data?: Buffer }> {
  let fd: number | undefined;
  try {
    // The callback API (or blocking calls): a small file's read costs about half what FileHandle does (fs-calls.ts).
    fd = await calls.open(localPath);
    const stats = await calls.stat(fd);
    if (!stats.isFile()) throw new VaultError('INVALID_INPUT', `“${localPath}” is not a file.`);
    if (stats.size > MAX_OBJECT_SIZE)
      throw new VaultError('INVALID_INPUT', `“${localPath}” is larger than S3 allows (5 TiB).`);
    if (stats.size > WHOLE_FILE_LIMIT) return { size: stats.size };
    // One byte more than the stat said, to notice a file that is growing: the
    // streaming path then reads it, and fails CONFLICT if it still changes.
    const buffer = Buffer.allocUnsafe(stats.size + 1);
    const filled = await calls.readInto(fd, buffer);
    return filled > stats.size ? { size: stats.size } : { size: filled, data: buffer.subarray(0, filled) };
  } catch (error) {
    throw localFileErrorToVaultError(error, localPath, 'read');
  } finally {
    if (fd !== undefined) await calls.close(fd);
  }
}

/**
 * Uploads a small file read whole: encrypted in memory and sent with one
 * direct PutObject, skipping the streaming machinery and the SDK's middleware,
 * whose fixed costs per file are most of a small file's CPU time.
 */
async function putWhole(
  deps: TransferDeps,
  job: UploadJob,
  data: Buffer,
  options: UploadFileOptions,
): Promise<UploadedFile> {
  const { signal } = options;
  throwIfCancelled(signal);
  const { fileId, message } = await deps.cipher.encryptMessage({ vault: deps.vaultId, owner: deps.identityId }, data);
  try {
    await deps.objects.put(job.key, message, {
      metadata: fileMetadata(fileId, data.length),
      ifNoneMatch: !options.overwrite,
      signal,
    });
  } catch (error) {
    // As in uploadOnce: a retried write that met its own object did succeed.
    const ours = !signal?.aborted && isLostAnswer(error) && (await isOurObject(deps, job.key, fileId));
    if (!ours) throw await failureOf(error, undefined, signal, job);
  }
  options.onProgress?.(data.length, data.length);
  deps.relieveMemory?.();
  return { path: job.path, key: job.key, fileId, size: data.length };
}

async function uploadOnce(
  deps: TransferDeps,
  job: UploadJob,
  size: number,
  partSize: number,
  options: UploadFileOptions,
): Promise<UploadedFile> {
  const { signal, onProgress } = options;
  throwIfCancelled(signal);
  let handle;
  try {
    handle = await open(job.localPath, 'r');
  } catch (error) {
    throw localFileErrorToVaultError(error, job.localPath, 'read');
  }
  const source = handle.createReadStream({ highWaterMark: READ_CHUNK });
  let read = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      read += chunk.length;
      onProgress?.(read, size);
      callback(null, chunk);
    },
  });
  // Given the size, the cipher fails the stream (CONFLICT) if the file grows or shrinks while it is read.
  const body = deps.cipher.encryptStream({ vault: deps.vaultId, owner: deps.identityId }, size);
  const feeding = pipeline(source, counter, body).then(
    () => undefined,
    (error: unknown) => error,
  );
  // The file id is the message's id, in the object's metadata from the first request on.
  let fileId: string;
  try {
    fileId = await fileIdOf(body, signal);
  } catch (error) {
    source.destroy();
    await handle.close().catch(() => {});
    throw await failureOf(error, await feeding, signal, job);
  }

  const stopBody = (error: Error) => {
    if (!body.destroyed) body.destroy(error);
  };
  // A part that failed for good stops the reading at once (see MultipartTracker).
  const tracker = trackMultipart(
    deps.s3,
    { bucket: deps.bucket, key: job.key },
    {
      onPartFailure: (error) => stopBody(s3ErrorToVaultError(error, { permission: 's3:PutObject', subject: job.path })),
      onPartSent: deps.relieveMemory,
    },
  );
  const controller = new AbortController();
  const upload = new Upload({
    client: tracker.client,
    params: {
      Bucket: deps.bucket,
      Key: job.key,
      Body: body,
      ContentType: 'application/octet-stream',
      Metadata: fileMetadata(fileId, size),
      // Checked by S3 when the object is committed (PutObject, CompleteMultipartUpload):
      // a file that appeared meanwhile is not replaced.
      ...(options.overwrite ? {} : { IfNoneMatch: '*' }),
    },
    partSize,
    queueSize: options.queueSize ?? QUEUE_SIZE,
    leavePartsOnError: false,
    abortController: controller,
  });
  const onCancel = () => {
    void upload.abort();
    stopBody(cancelledError());
  };
  signal?.addEventListener('abort', onCancel, { once: true });
  try {
    await upload.done();
    const fed = await feeding;
    if (fed) throw fed;
    return { path: job.path, key: job.key, fileId, size };
  } catch (error) {
    stopBody(cancelledError());
    source.destroy();
    const abandoned = await tracker.abandon();
    // S3 took the object before the cancel or failure could stop it (a cancel does not
    // interrupt a request in flight): the file is in the vault, so say so.
    if (tracker.committed) return { path: job.path, key: job.key, fileId, size };
    // A write whose answer was lost and that the SDK then retried meets its own object
    // (If-None-Match fails, or the completed upload is gone): it did succeed.
    if (!signal?.aborted && isLostAnswer(error) && (await isOurObject(deps, job.key, fileId))) {
      return { path: job.path, key: job.key, fileId, size };
    }
    const failure = await failureOf(error, await feeding, signal, job);
    if (!abandoned) {
      throw new VaultError(
        failure.code,
        `${failure.message} (Its partial upload could not be removed now; the vault's lifecycle rule removes it within a day.)`,
        { cause: failure },
      );
    }
    throw failure;
  } finally {
    signal?.removeEventListener('abort', onCancel);
    await handle.close().catch(() => {});
  }
}

/** The file id of the message `body` makes, or the failure that stopped it first; a cancel stops the wait. */
function fileIdOf(body: EncryptStream, signal: AbortSignal | undefined): Promise<string> {
  if (!signal) return body.fileId;
  const onCancel = () => body.destroy(cancelledError());
  signal.addEventListener('abort', onCancel, { once: true });
  return body.fileId.finally(() => signal.removeEventListener('abort', onCancel));
}

function isLostAnswer(error: unknown): boolean {
  return isPreconditionFailure(error) || errorNameOf(error) === 'NoSuchUpload';
}

/** Whether the object at `key` is the one this upload wrote (its file id is ours, and random). */
async function isOurObject(deps: TransferDeps, key: string, fileId: string): Promise<boolean> {
  try {
    const head = await deps.s3.send(new HeadObjectCommand({ Bucket: deps.bucket, Key: key }));
    return head.Metadata?.[FILE_ID_METADATA] === fileId;
  } catch {
    return false;
  }
}

/** The error to report: a cancel, else what went wrong first (reading the file, encrypting, or S3). */
async function failureOf(
  error: unknown,
  fed: unknown,
  signal: AbortSignal | undefined,
  job: UploadJob,
): Promise<VaultError> {
  if (signal?.aborted) return cancelledError();
  // The conditional write found the key taken (by another object: see isOurObject).
  if (isPreconditionFailure(error)) return alreadyInVault(job.path, error);
  for (const candidate of [fed, error]) {
    if (candidate instanceof VaultError && candidate.code !== 'CANCELLED') return candidate;
  }
  if (fed && !(fed instanceof VaultError)) return localFileErrorToVaultError(fed, job.localPath, 'read');
  return s3ErrorToVaultError(error, { permission: 's3:PutObject', subject: job.path });
}
