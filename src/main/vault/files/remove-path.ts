import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { VaultError } from '../errors';
import { listSubtree, objectExists } from '../s3/object-probe';
import { s3ErrorToVaultError } from '../s3/s3-errors';
import { deleteKeys } from './delete-keys';
import type { FilesDeps } from './files-deps';
import { requireNamed } from './path-checks';

/** What a removal removed. */
export interface Removed {
  kind: 'file' | 'folder';
  /** Files removed (folder markers not counted). */
  files: number;
}

/**
 * Removes a file, or a folder. A folder with content is removed only with
 * `recursive` (CONFLICT otherwise, saying how much it holds), page by page
 * with DeleteObjects; an empty folder (just its marker) needs no flag.
 */
export async function removePath(
  deps: FilesDeps,
  path: string,
  options: { recursive?: boolean } = {},
): Promise<Removed> {
  requireNamed(path, 'removed');
  const { s3, bucket, layout } = deps;
  const fileKey = layout.objectKeyFor(path);
  if (await objectExists(deps, fileKey, path)) {
    try {
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: fileKey }));
    } catch (error) {
      throw s3ErrorToVaultError(error, { permission: 's3:DeleteObject', subject: path });
    }
    return { kind: 'file', files: 1 };
  }

  const prefix = layout.prefixFor(path);
  let found = false;
  let files = 0;
  for await (const page of listSubtree(deps, prefix, path)) {
    const keys = page.map((object) => object.Key!).filter(Boolean);
    const content = keys.filter((key) => !key.endsWith('/'));
    const nonMarkers = keys.filter((key) => key !== prefix);
    if (!found && !options.recursive && nonMarkers.length > 0) {
      throw new VaultError(
        'CONFLICT',
        `“${path}” is a folder that is not empty. Remove it with everything in it (--recursive), or empty it first.`,
      );
    }
    found = true;
    await deleteKeys(deps, keys, path);
    files += content.length;
  }
  if (!found) throw new VaultError('NOT_FOUND', `“${path}” is not in the vault.`);
  return { kind: 'folder', files };
}
