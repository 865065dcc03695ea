import type { FileContext } from '../crypto/file-cipher';
import { readFileFacts } from '../s3/file-metadata';
import { throwIfCancelled } from './abort';
import { checkTargetFree } from './atomic-file';
import { decryptToFile } from './decrypt-to-file';
import type { FolderSyncs } from './folder-syncs';
import { openObject } from './object-reader';
import type { TransferDeps } from './transfer-deps';
import { getWholeObject, WHOLE_OBJECT_LIMIT, type WholeObject } from './whole-object-reader';
import { writeFileAtomically } from './write-file-atomically';

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
  /**
   * A batch's folder syncs (see folder-syncs.ts): the target's folder is synced
   * when the batch flushes them. Without, this download syncs it itself.
   */
  folderSyncs?: FolderSyncs;
  /**
   * The target's folder was just made, empty, by this batch: no check before
   * fetching (two vault names that map to one local name still meet CONFLICT,
   * from the link, after the second is fetched).
   */
  targetKnownFree?: boolean;
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
 * with TAMPERED and leaves no file. A small object (its listed size at most
 * WHOLE_OBJECT_LIMIT) comes in one request and is decrypted and written whole.
 */
export async function downloadFile(
  deps: TransferDeps,
  job: DownloadJob,
  options: DownloadFileOptions = {},
): Promise<DownloadedFile> {
  const overwrite = options.overwrite === true;
  // Before fetching anything: the person learns at once that the target is taken.
  // Once only: the temporary file's link (or rename) catches whatever appears later.
  if (!options.targetKnownFree) await checkTargetFree(job.target, overwrite);
  const small = job.size !== undefined && job.size <= WHOLE_OBJECT_LIMIT;
  const whole = small ? await getWholeObject(deps, job.key, job.path, options.signal) : undefined;
  if (whole) return downloadWhole(deps, job, whole, overwrite, options);

  const object = await openObject(deps, job.key, job.path, { signal: options.signal });
  let facts;
  try {
    facts = readFileFacts(object.metadata, job.path);
  } catch (error) {
    object.body.destroy();
    throw error;
  }
  const size = await decryptToFile({
    cipher: deps.cipher,
    context: contextOf(deps, facts.fileId),
    ciphertext: object.body,
    target: job.target,
    overwrite,
    targetChecked: true,
    folderSyncs: options.folderSyncs,
    signal: options.signal,
    blockingWrites: deps.blockingFileCalls,
    total: facts.plaintextSize ?? 0,
    onProgress: options.onProgress,
  });
  return { path: job.path, target: job.target, size };
}

/**
 * A small file: decrypted whole (the plaintext exists only once every frame
 * is authenticated, so a tampered object never reaches the disk), then
 * written whole, without streams or a FileHandle (see write-file-atomically.ts).
 */
async function downloadWhole(
  deps: TransferDeps,
  job: DownloadJob,
  object: WholeObject,
  overwrite: boolean,
  options: DownloadFileOptions,
): Promise<DownloadedFile> {
  const facts = readFileFacts(object.metadata, job.path);
  throwIfCancelled(options.signal);
  const plaintext = await deps.cipher.decryptMessage(contextOf(deps, facts.fileId), object.body);
  await writeFileAtomically(job.target, plaintext, {
    overwrite,
    signal: options.signal,
    folderSyncs: options.folderSyncs,
  });
  options.onProgress?.(plaintext.length, plaintext.length);
  return { path: job.path, target: job.target, size: plaintext.length };
}

/** The encryption context of one of this person's files. */
function contextOf(deps: TransferDeps, fileId: string): FileContext {
  return { vault: deps.vaultId, owner: deps.identityId, file: fileId };
}
