import { DeleteObjectCommand, type _Object } from '@aws-sdk/client-s3';
import { VaultError } from '../errors';
import { listSubtree, objectExists, prefixInUse } from '../s3/object-probe';
import { s3ErrorToVaultError } from '../s3/s3-errors';
import { runQueue } from '../transfers/task-queue';
import { copyObject } from './copy-object';
import { deleteKeys } from './delete-keys';
import type { FilesDeps } from './files-deps';
import { checkNoFileAbove, isWithin, requireNamed } from './path-checks';

/** What a move moved. */
export interface Moved {
  kind: 'file' | 'folder';
  from: string;
  to: string;
  /** Objects moved (files and folder markers). */
  objects: number;
}

/** Server-side copies in flight while moving a folder. */
const COPIES_AT_ONCE = 8;

/**
 * Moves (or renames) a file or a folder to `to`, which must be free (no file
 * and no folder there: CONFLICT). S3 has no rename: each object is copied to
 * its new encrypted key with CopyObject (metadata kept, so the file id stays with
 * its message) and then deleted. A folder's names are
 * encrypted with their folder's path, so every object under it gets a new key.
 * All copies are made before any original is deleted; if a copy fails, the
 * copies made so far are deleted and the originals stay as they were.
 */
export async function movePath(deps: FilesDeps, from: string, to: string): Promise<Moved> {
  requireNamed(from, 'moved');
  requireNamed(to, 'replaced');
  const { layout } = deps;
  if (isWithin(to, from)) {
    throw new VaultError('INVALID_INPUT', `“${from}” cannot be moved into itself.`);
  }
  const toFileKey = layout.objectKeyFor(to);
  if ((await objectExists(deps, toFileKey, to)) || (await prefixInUse(deps, layout.prefixFor(to), to))) {
    throw new VaultError('CONFLICT', `“${to}” already exists. Choose another name, or remove it first.`);
  }
  await checkNoFileAbove(deps, to);

  const fromFileKey = layout.objectKeyFor(from);
  const single = await findFile(deps, fromFileKey, from);
  if (single) {
    await copyObject(deps, { key: fromFileKey, size: single.Size ?? 0 }, toFileKey, from);
    try {
      await deps.s3.send(new DeleteObjectCommand({ Bucket: deps.bucket, Key: fromFileKey }));
    } catch (error) {
      throw s3ErrorToVaultError(error, { permission: 's3:DeleteObject', subject: from });
    }
    return { kind: 'file', from, to, objects: 1 };
  }
  return moveFolder(deps, from, to);
}

async function findFile(deps: FilesDeps, key: string, path: string): Promise<_Object | undefined> {
  for await (const page of listSubtree(deps, key, path)) {
    return page[0]?.Key === key ? page[0] : undefined;
  }
  return undefined;
}

async function moveFolder(deps: FilesDeps, from: string, to: string): Promise<Moved> {
  const { layout } = deps;
  const plan: Array<{ from: string; to: string; size: number }> = [];
  for await (const page of listSubtree(deps, layout.prefixFor(from), from)) {
    for (const object of page) {
      const entry = layout.pathForObjectKey(object.Key!);
      if (!entry) continue; // reserved objects never live below the root
      const moved = to + entry.path.slice(from.length);
      plan.push({
        from: object.Key!,
        to: entry.kind === 'folder' ? layout.folderKeyFor(moved) : layout.objectKeyFor(moved),
        size: object.Size ?? 0,
      });
    }
  }
  if (plan.length === 0) throw new VaultError('NOT_FOUND', `“${from}” is not in the vault.`);

  const results = await runQueue(
    plan.map((item) => ({
      heavy: false,
      run: () => copyObject(deps, { key: item.from, size: item.size }, item.to, from),
    })),
    { concurrency: COPIES_AT_ONCE, heavy: COPIES_AT_ONCE },
  );
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) {
    const made = plan.filter((_, index) => results[index]!.status === 'fulfilled').map((item) => item.to);
    await deleteKeys(deps, made, to).catch(() => {});
    throw failure.reason;
  }
  await deleteKeys(
    deps,
    plan.map((item) => item.from),
    from,
  );
  return { kind: 'folder', from, to, objects: plan.length };
}
