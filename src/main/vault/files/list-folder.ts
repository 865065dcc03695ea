import { ListObjectsV2Command, type _Object } from '@aws-sdk/client-s3';
import { VaultError } from '../errors';
import { objectExists } from '../s3/object-probe';
import { s3ErrorToVaultError } from '../s3/s3-errors';
import type { FileEntry, FolderEntry, FolderListing, ListedEntry } from './file-entries';
import type { FilesDeps } from './files-deps';
import { baseName } from './path-checks';
import type { PlaintextSizes } from './plaintext-sizes';

export interface ListOptions {
  /** Fetch plaintext sizes (one HEAD per file not seen before); default true. Without: stored sizes. */
  sizes?: boolean;
}

/**
 * Lists one folder of the person's vault: ListObjectsV2 with Delimiter "/"
 * under the folder's prefix, every page, names decrypted locally. Folders come
 * from common prefixes (and empty folders' markers); reserved objects (the
 * name key) and the folder's own marker are not entries. A path that is a
 * file lists that file; a path with nothing under it is NOT_FOUND.
 */
export async function listFolder(
  deps: FilesDeps & { sizes: PlaintextSizes },
  path: string,
  options: ListOptions = {},
): Promise<FolderListing> {
  const { s3, bucket, layout } = deps;
  const prefix = layout.prefixFor(path);
  const folders: FolderEntry[] = [];
  const objects: Array<{ object: _Object; path: string }> = [];
  let unreadable = 0;
  let seen = 0;

  const read = (key: string): ReturnType<typeof layout.pathForObjectKey> | undefined => {
    try {
      return layout.pathForObjectKey(key);
    } catch (error) {
      if (error instanceof VaultError && error.code === 'TAMPERED') {
        unreadable++;
        return undefined;
      }
      throw error;
    }
  };

  let token: string | undefined;
  do {
    let page;
    try {
      page = await s3.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token }),
      );
    } catch (error) {
      throw s3ErrorToVaultError(error, { permission: 's3:ListBucket', subject: path || 'your folder of the vault' });
    }
    for (const common of page.CommonPrefixes ?? []) {
      seen++;
      const entry = common.Prefix ? read(common.Prefix) : undefined;
      if (entry) folders.push({ kind: 'folder', name: baseName(entry.path), path: entry.path });
    }
    for (const object of page.Contents ?? []) {
      seen++;
      if (!object.Key || object.Key === prefix) continue;
      const entry = read(object.Key);
      if (entry?.kind === 'file') objects.push({ object, path: entry.path });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);

  if (seen === 0 && path !== '') {
    const key = layout.objectKeyFor(path);
    if (!(await objectExists(deps, key, path))) throw new VaultError('NOT_FOUND', `“${path}” is not in the vault.`);
    return listSingleFile(deps, path, key, options);
  }

  const files = await sized(deps, objects, options);
  const byName = (a: ListedEntry, b: ListedEntry) => a.name.localeCompare(b.name);
  return { path, entries: [...folders.sort(byName), ...files.sort(byName)], unreadable };
}

async function listSingleFile(
  deps: FilesDeps & { sizes: PlaintextSizes },
  path: string,
  key: string,
  options: ListOptions,
): Promise<FolderListing> {
  let page;
  try {
    page = await deps.s3.send(new ListObjectsV2Command({ Bucket: deps.bucket, Prefix: key, MaxKeys: 1 }));
  } catch (error) {
    throw s3ErrorToVaultError(error, { permission: 's3:ListBucket', subject: path });
  }
  const object = page.Contents?.[0];
  if (!object || object.Key !== key) throw new VaultError('NOT_FOUND', `“${path}” is not in the vault.`);
  return { path, entries: await sized(deps, [{ object, path }], options), unreadable: 0 };
}

async function sized(
  deps: FilesDeps & { sizes: PlaintextSizes },
  objects: Array<{ object: _Object; path: string }>,
  options: ListOptions,
): Promise<FileEntry[]> {
  const stored = objects.map(({ object }) => object.Size ?? 0);
  const sizes =
    options.sizes === false
      ? stored
      : await deps.sizes.sizesOf(
          deps,
          objects.map(({ object, path }, index) => ({
            key: object.Key!,
            etag: object.ETag ?? '',
            storedSize: stored[index]!,
            path,
          })),
        );
  return objects.map(({ object, path }, index) => ({
    kind: 'file',
    name: baseName(path),
    path,
    size: sizes[index]!,
    storedSize: stored[index]!,
    modified: (object.LastModified ?? new Date(0)).toISOString(),
  }));
}
