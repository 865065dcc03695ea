import { createBatchProgress } from './batch-progress';
import { VaultError } from '../errors';
import type { VaultLayout } from '../names/layout';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { objectExists } from '../s3/object-probe';
import { s3ErrorToVaultError } from '../s3/s3-errors';
import { throwIfCancelled } from './abort';
import { runQueue, type QueueLimits } from './task-queue';
import type { TransferDeps } from './transfer-deps';
import type { TransferControl } from './transfer-types';
import { uploadFile, type UploadedFile, type UploadFileOptions } from './upload-file';
import type { UploadPlan } from './upload-plan';
import { partSizeFor } from './upload-tuning';

export interface UploadBatchOptions extends TransferControl, Pick<UploadFileOptions, 'partSize' | 'queueSize'> {
  overwrite?: boolean;
  limits?: QueueLimits;
}

/**
 * From this many files going into one folder, its subfolders are listed once
 * (ListObjectsV2 with a delimiter) to check that none is at a file's path,
 * instead of one LIST per file.
 */
const LIST_FOLDER_FROM = 8;

/** What an upload of many files did: each file's outcome. */
export interface UploadOutcome {
  uploaded: UploadedFile[];
  failed: Array<{ localPath: string; path: string; error: VaultError }>;
  /** Empty folders created in the vault. */
  folders: string[];
  skipped: UploadPlan['skipped'];
}

/** What the batch needs beyond a single upload: the layout, and a way to make an (empty) folder. */
export interface UploadBatchDeps extends TransferDeps {
  layout: VaultLayout;
  /** Creates the folder's marker; a folder that exists already is fine. */
  makeFolder(path: string): Promise<void>;
}

/**
 * Uploads a plan's files through a bounded queue (see DEFAULT_QUEUE_LIMITS),
 * then creates its empty folders. One file's failure does not stop the
 * others; each is reported. A cancel stops what runs and what waits (they
 * fail with CANCELLED). Before uploading, every folder a file goes into is
 * checked not to be a file already (S3 would allow "a" and "a/b" both).
 */
export async function uploadBatch(
  deps: UploadBatchDeps,
  plan: UploadPlan,
  options: UploadBatchOptions = {},
): Promise<UploadOutcome> {
  const outcome: UploadOutcome = { uploaded: [], failed: [], folders: [], skipped: plan.skipped };
  const progress = createBatchProgress(plan.files, options.onProgress);
  const folderChecks = new Map<string, Promise<void>>();

  const checkFolder = (folder: string): Promise<void> => {
    let check = folderChecks.get(folder);
    if (!check) {
      check = objectExists(deps, deps.layout.objectKeyFor(folder), folder).then((isFile) => {
        if (isFile) throw new VaultError('CONFLICT', `“${folder}” is a file in the vault, not a folder.`);
      });
      folderChecks.set(folder, check);
    }
    return check;
  };
  /** The folder and each folder above it must not be files. */
  const checkFolderChain = async (folder: string): Promise<void> => {
    const segments = folder === '' ? [] : folder.split('/');
    for (let end = 1; end <= segments.length; end++) await checkFolder(segments.slice(0, end).join('/'));
  };

  const filesPerFolder = new Map<string, number>();
  for (const file of plan.files) {
    const parent = parentOf(file.path);
    filesPerFolder.set(parent, (filesPerFolder.get(parent) ?? 0) + 1);
  }
  const subfolderLists = new Map<string, Promise<Set<string>>>();
  /** Whether the batch checked that no folder is at `path` (undefined: uploadFile checks). */
  const folderChecked = async (path: string, key: string): Promise<boolean> => {
    const parent = parentOf(path);
    if ((filesPerFolder.get(parent) ?? 0) < LIST_FOLDER_FROM) return false;
    let list = subfolderLists.get(parent);
    if (!list) {
      list = subfoldersOf(deps, parent);
      subfolderLists.set(parent, list);
    }
    if ((await list).has(`${key}/`)) throw new VaultError('CONFLICT', `“${path}” is a folder in the vault.`);
    return true;
  };

  const tasks = plan.files.map((file) => ({
    heavy: file.size > partSizeFor(file.size, options.partSize),
    run: async (): Promise<UploadedFile> => {
      throwIfCancelled(options.signal);
      await checkFolderChain(parentOf(file.path));
      const key = deps.layout.objectKeyFor(file.path);
      return uploadFile(
        deps,
        { localPath: file.localPath, path: file.path, key },
        {
          folderChecked: await folderChecked(file.path, key),
          overwrite: options.overwrite,
          signal: options.signal,
          partSize: options.partSize,
          queueSize: options.queueSize,
          onProgress: progress.forFile(file.path),
        },
      ).finally(progress.fileDone);
    },
  }));

  const results = await runQueue(tasks, options.limits);
  results.forEach((result, index) => {
    const file = plan.files[index]!;
    if (result.status === 'fulfilled') outcome.uploaded.push(result.value);
    else outcome.failed.push({ localPath: file.localPath, path: file.path, error: asVaultError(result.reason) });
  });

  for (const folder of plan.emptyFolders) {
    try {
      throwIfCancelled(options.signal);
      await checkFolderChain(folder);
      await deps.makeFolder(folder);
      outcome.folders.push(folder);
    } catch (error) {
      outcome.failed.push({ localPath: '', path: folder, error: asVaultError(error) });
    }
  }
  return outcome;
}

/** The keys (prefixes, ending in "/") of the folders directly in `folder`, every page. */
async function subfoldersOf(deps: UploadBatchDeps, folder: string): Promise<Set<string>> {
  const prefixes = new Set<string>();
  const prefix = deps.layout.prefixFor(folder);
  let token: string | undefined;
  do {
    let page;
    try {
      page = await deps.s3.send(
        new ListObjectsV2Command({ Bucket: deps.bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token }),
      );
    } catch (error) {
      throw s3ErrorToVaultError(error, { permission: 's3:ListBucket', subject: folder || 'your folder of the vault' });
    }
    for (const common of page.CommonPrefixes ?? []) if (common.Prefix) prefixes.add(common.Prefix);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return prefixes;
}

function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

function asVaultError(error: unknown): VaultError {
  return error instanceof VaultError
    ? error
    : new VaultError('INTERNAL', 'The upload failed unexpectedly.', { cause: error });
}
