/**
 * The engine calls behind the app's transfers, as jobs for the
 * TransferManager. Each job looks up the signed-in vault when it runs (so a
 * retry after signing in again works) and reports plaintext progress.
 */
import path from 'node:path';
import type { TransferProgress } from '../vault/transfers/transfer-types';
import { VaultError } from '../vault/errors';
import type { UploadOutcome } from '../vault/transfers/upload-batch';
import type { Vault } from '../vault/vault';
import type { TransferJob, TransferRun } from './transfer-manager';

/** Runs a task with the signed-in vault (ending the session on AUTH_REQUIRED). */
export type WithVault = <T>(task: (vault: Vault) => Promise<T>) => Promise<T>;

const batchProgress = (run: TransferRun) => (progress: TransferProgress) =>
  run.progress(progress.batch.bytes, progress.batch.total);

/** Uploads one local file or folder (with its tree) into the vault folder `to` (canonical). */
export function uploadJob(withVault: WithVault, source: string, to: string, total = 0): TransferJob {
  const name = path.basename(path.resolve(source));
  return {
    direction: 'upload',
    name,
    path: to === '' ? name : `${to}/${name}`,
    total,
    run: (run) =>
      withVault(async (vault) => {
        const outcome = await vault.upload([source], { to, signal: run.signal, onProgress: batchProgress(run) });
        throwIfAnyFailed(outcome);
      }),
  };
}

/** Downloads a vault file to `target`, or a folder (with its tree) into the folder `target`. */
export function downloadJob(withVault: WithVault, vaultPath: string, name: string, target: string): TransferJob {
  return {
    direction: 'download',
    name,
    path: vaultPath,
    run: (run) =>
      withVault(async (vault) => {
        const result = await vault.download(vaultPath, target, { signal: run.signal, onProgress: batchProgress(run) });
        if (result.kind === 'folder' && result.failed.length > 0) {
          throw summary(
            result.failed.map((failure) => failure.error),
            result.failed.length + result.downloaded.length,
          );
        }
      }),
  };
}

/** Saves the file of a share link to `target`, decrypted with the person's own key access. */
export function openLinkJob(withVault: WithVault, link: string, name: string, target: string): TransferJob {
  return {
    direction: 'download',
    name,
    path: name,
    run: (run) =>
      withVault(async (vault) => {
        await vault.openLink(link, target, { signal: run.signal, onProgress: batchProgress(run) });
      }),
  };
}

function throwIfAnyFailed(outcome: UploadOutcome): void {
  if (outcome.failed.length === 0) return;
  const files = outcome.uploaded.length + outcome.failed.length + outcome.folders.length;
  throw summary(
    outcome.failed.map((failure) => failure.error),
    files,
  );
}

/** One error for a folder's failures: the first one's code, and how many failed. */
function summary(errors: VaultError[], of: number): VaultError {
  const first = errors[0]!;
  if (errors.length === 1 && of === 1) return first;
  return new VaultError(first.code, `${errors.length} of ${of} items failed. The first: ${first.message}`, {
    cause: first,
  });
}
