import { readFileFacts } from '../s3/file-metadata';
import { checkTargetFree } from './atomic-file';
import { decryptToFile } from './decrypt-to-file';
import { openObject } from './object-reader';
import type { TransferDeps } from './transfer-deps';
import { openWholeObject, WHOLE_OBJECT_LIMIT } from './whole-object-reader';

/** One file to download: where it is in the vault, and where it goes on disk. */
export interface DownloadJob {
  path: string;
  key: string;
  /** The file to create on disk. */
  target: string;
  /** The object's (ciphertext) size, when a listing gave it: a small object is fetched whole. */
  size?: number;
}

export interface DownloadFileOptions {
  /** Replace a file already at the target; without it, CONFLICT before anything is fetched. */
  overwrite?: boolean;
  signal?: AbortSignal;
  /** Plaintext bytes written so far, and the file's size. */
  onProgress?: (bytes: number, total: number) => void;
}

/** A file now on disk. */
export interface DownloadedFile {
  path: string;
  target: string;
  /** Plaintext bytes. */
  size: number;
}

/**
 * Downloads and decrypts one of the person's own files: GetObject (resuming
 * after a dropped connection) → decrypt with the context {vault, owner = this
 * person, file = the object's file id} → a temporary file beside the target,
 * renamed only once the last frame is authenticated. A tampered object fails
 * with TAMPERED and leaves no file.
 */
export async function downloadFile(
  deps: TransferDeps,
  job: DownloadJob,
  options: DownloadFileOptions = {},
): Promise<DownloadedFile> {
  const overwrite = options.overwrite === true;
  // Before fetching anything: the person learns at once that the target is taken.
  await checkTargetFree(job.target, overwrite);
  const small = job.size !== undefined && job.size <= WHOLE_OBJECT_LIMIT;
  const object =
    (small ? await openWholeObject(deps, job.key, job.path, options.signal) : undefined) ??
    (await openObject(deps, job.key, job.path, { signal: options.signal }));
  let facts;
  try {
    facts = readFileFacts(object.metadata, job.path);
  } catch (error) {
    object.body.destroy();
    throw error;
  }
  const size = await decryptToFile({
    cipher: deps.cipher,
    context: { vault: deps.vaultId, owner: deps.identityId, file: facts.fileId },
    ciphertext: object.body,
    target: job.target,
    overwrite,
    signal: options.signal,
    total: facts.plaintextSize ?? 0,
    onProgress: options.onProgress,
  });
  return { path: job.path, target: job.target, size };
}
