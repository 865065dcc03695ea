import { createBatchProgress } from './batch-progress';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { VaultError } from '../errors';
import type { VaultLayout } from '../names/layout';
import { listSubtree } from '../s3/object-probe';
import { throwIfCancelled } from './abort';
import { downloadFile, type DownloadedFile } from './download-file';
import { FolderSyncs } from './folder-syncs';
import { localFileErrorToVaultError } from './local-file-errors';
import { runQueue, type QueueLimits } from './task-queue';
import type { TransferDeps } from './transfer-deps';
import type { TransferControl } from './transfer-types';

export interface DownloadTreeOptions extends TransferControl {
  overwrite?: boolean;
  limits?: QueueLimits;
}

/** What a folder download did: each file's outcome. */
export interface DownloadOutcome {
  downloaded: DownloadedFile[];
  failed: Array<{ path: string; target: string; error: VaultError }>;
}

/**
 * Downloads a vault folder and everything in it into `targetFolder` (created
 * if needed), keeping the tree, empty folders included. Files download
 * through a bounded queue, each into a temporary file renamed when complete;
 * one failure does not stop the others. Each folder that received files is
 * fsynced once, at the end, before the outcome is returned. NOT_FOUND when
 * nothing is there.
 */
export async function downloadTree(
  deps: TransferDeps & { layout: VaultLayout },
  folder: string,
  targetFolder: string,
  options: DownloadTreeOptions = {},
): Promise<DownloadOutcome> {
  const files: Array<{ path: string; key: string; target: string; size: number }> = [];
  const folders = new Set<string>([targetFolder]);
  for await (const page of listSubtree(deps, deps.layout.prefixFor(folder), folder || 'your folder of the vault')) {
    for (const object of page) {
      const entry = deps.layout.pathForObjectKey(object.Key!);
      if (!entry) continue;
      const relative = folder === '' ? entry.segments : entry.segments.slice(folder.split('/').length);
      const local = path.join(targetFolder, ...relative.map(localName));
      if (entry.kind === 'folder') folders.add(local);
      else {
        files.push({ path: entry.path, key: object.Key!, target: local, size: object.Size ?? 0 });
        folders.add(path.dirname(local));
      }
    }
  }
  if (files.length === 0 && folders.size === 1) {
    throw new VaultError('NOT_FOUND', `“${folder}” is not in the vault.`);
  }
  // Each file is on the disk before it gets its name; the names (of files and
  // of the folders made here) reach it with one fsync per folder, below.
  const folderSyncs = new FolderSyncs();
  /** Folders made here, empty until this batch fills them: their files need no check before they are fetched. */
  const madeHere = new Set<string>();
  for (const local of [...folders].sort()) {
    let created;
    try {
      created = await mkdir(local, { recursive: true });
    } catch (error) {
      throw localFileErrorToVaultError(error, local, 'write');
    }
    // mkdir made `created` and the folders under it down to `local`: each is a new name in its parent.
    for (let made = local; created !== undefined; made = path.dirname(made)) {
      madeHere.add(made);
      folderSyncs.add(path.dirname(made));
      if (made === created || path.dirname(made) === made) break;
    }
  }

  const progress = createBatchProgress(files, options.onProgress);
  const results = await runQueue(
    files.map((file) => ({
      heavy: false,
      run: async () => {
        throwIfCancelled(options.signal);
        return downloadFile(deps, file, {
          overwrite: options.overwrite,
          signal: options.signal,
          onProgress: progress.forFile(file.path),
          folderSyncs,
          targetKnownFree: madeHere.has(path.dirname(file.target)),
        }).finally(progress.fileDone);
      },
    })),
    options.limits,
  );
  // Before anything is reported done: until then a crash could lose the new names (never a file's contents).
  await folderSyncs.flush();
  const outcome: DownloadOutcome = { downloaded: [], failed: [] };
  results.forEach((result, index) => {
    const file = files[index]!;
    if (result.status === 'fulfilled') outcome.downloaded.push(result.value);
    else
      outcome.failed.push({
        path: file.path,
        target: file.target,
        error:
          result.reason instanceof VaultError
            ? result.reason
            : new VaultError('INTERNAL', 'The download failed unexpectedly.', { cause: result.reason }),
      });
  });
  return outcome;
}

/** A vault name as a local name. Vault names never hold "/" or "..", but Windows also splits on "\\". */
function localName(name: string): string {
  if (process.platform === 'win32' && /[\\:*?"<>|]/.test(name)) {
    throw new VaultError('INVALID_INPUT', `“${name}” cannot be a file name on Windows.`);
  }
  return name;
}
