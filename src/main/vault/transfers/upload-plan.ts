import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { VaultError } from '../errors';
import { localFileErrorToVaultError } from './local-file-errors';

/** What an upload of files and folders will do. */
export interface UploadPlan {
  files: Array<{ localPath: string; path: string; size: number }>;
  /** Vault paths of local folders that are empty: they get a folder marker, so the tree is kept whole. */
  emptyFolders: string[];
  /** What is not uploaded, and why (links and special files inside folders). */
  skipped: Array<{ localPath: string; reason: string }>;
}

/** Joins a vault folder path ("" is the top) and a name. */
export function vaultJoin(folder: string, name: string): string {
  return folder === '' ? name : `${folder}/${name}`;
}

/**
 * Expands local files and folders into the files to upload under the vault
 * folder `destination`: a file keeps its name; a folder keeps its name and its
 * whole tree. Inside folders, symbolic links and special files are skipped
 * (and listed), so a link cannot pull files from elsewhere into the vault;
 * a path named on the command line is followed.
 */
export async function planUpload(sources: readonly string[], destination: string): Promise<UploadPlan> {
  const plan: UploadPlan = { files: [], emptyFolders: [], skipped: [] };
  for (const source of sources) {
    let stats;
    try {
      stats = await stat(source);
    } catch (error) {
      throw localFileErrorToVaultError(error, source, 'read');
    }
    const name = path.basename(path.resolve(source));
    if (stats.isFile()) plan.files.push({ localPath: source, path: vaultJoin(destination, name), size: stats.size });
    else if (stats.isDirectory()) await walk(source, vaultJoin(destination, name), plan);
    else throw new VaultError('INVALID_INPUT', `“${source}” is neither a file nor a folder.`);
  }
  return plan;
}

async function walk(folder: string, vaultPath: string, plan: UploadPlan): Promise<void> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    throw localFileErrorToVaultError(error, folder, 'read');
  }
  if (entries.length === 0) plan.emptyFolders.push(vaultPath);
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const localPath = path.join(folder, entry.name);
    const child = vaultJoin(vaultPath, entry.name);
    if (entry.isDirectory()) await walk(localPath, child, plan);
    else if (entry.isFile()) {
      try {
        plan.files.push({ localPath, path: child, size: (await stat(localPath)).size });
      } catch (error) {
        throw localFileErrorToVaultError(error, localPath, 'read');
      }
    } else if (entry.isSymbolicLink()) plan.skipped.push({ localPath, reason: 'a symbolic link' });
    else plan.skipped.push({ localPath, reason: 'not a regular file' });
  }
}
