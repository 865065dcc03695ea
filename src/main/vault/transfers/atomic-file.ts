import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { link, lstat, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { VaultError } from '../errors';
import { localFileErrorToVaultError } from './local-file-errors';

/**
 * A file written beside its target under a temporary name
 * (`.<name>.s3vault-partial-<random>`) and moved onto the target only when it
 * is complete and on disk. Until then the target is untouched: a download that
 * fails (a tampered frame, a full disk, a cancel) leaves no file, and never
 * half of one, where the person expects their file.
 */
export interface AtomicFile {
  /** The temporary file's path. */
  readonly tempPath: string;
  /** A stream into the temporary file. */
  readonly stream: Writable;
  /** Flushes the data to disk and moves the file onto the target. */
  commit(): Promise<void>;
  /** Removes the temporary file (after a failure); never throws. */
  discard(): Promise<void>;
}

/** The temporary name beside `target`. */
export function partialPathFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.s3vault-partial-${randomBytes(6).toString('hex')}`);
}

/** Throws CONFLICT if `target` exists (a file, a folder or a link) and may not be replaced. */
export async function checkTargetFree(target: string, overwrite: boolean): Promise<void> {
  let stats;
  try {
    stats = await lstat(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw localFileErrorToVaultError(error, target, 'write');
  }
  if (stats.isDirectory()) throw new VaultError('CONFLICT', `“${target}” is a folder.`);
  if (!overwrite)
    throw new VaultError('CONFLICT', `“${target}” already exists. Choose to replace it, or another name.`);
}

/**
 * Creates the temporary file for `target`. With `overwrite` false the target
 * must not exist, now or when the file is committed (a hard link refuses to
 * replace what appeared meanwhile).
 */
export async function createAtomicFile(target: string, options: { overwrite: boolean }): Promise<AtomicFile> {
  await checkTargetFree(target, options.overwrite);
  const tempPath = partialPathFor(target);
  // "wx" (O_EXCL): never write through a file or link someone placed at this name.
  // flush: the data is fsynced before the stream closes, so it is on disk before the name points at it.
  const stream = createWriteStream(tempPath, { flags: 'wx', flush: true, highWaterMark: 256 * 1024 });
  try {
    await once(stream, 'open');
  } catch (error) {
    throw localFileErrorToVaultError(error, target, 'write');
  }
  const discard = async () => {
    if (!stream.closed) {
      stream.destroy();
      await once(stream, 'close').catch(() => {});
    }
    await unlink(tempPath).catch(() => {});
  };

  return {
    tempPath,
    stream,
    discard,
    async commit() {
      try {
        // The stream fsyncs and closes the file when it finishes; wait for that before the rename.
        if (!stream.closed) await once(stream, 'close');
        await moveIntoPlace(tempPath, target, options.overwrite);
        await syncFolder(path.dirname(target));
      } catch (error) {
        await discard();
        throw localFileErrorToVaultError(error, target, 'write');
      }
    },
  };
}

async function moveIntoPlace(tempPath: string, target: string, overwrite: boolean): Promise<void> {
  if (overwrite) {
    await rename(tempPath, target);
    return;
  }
  try {
    // link() fails with EEXIST instead of replacing: no window in which a new file at the target is lost.
    await link(tempPath, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST')
      throw new VaultError('CONFLICT', `“${target}” appeared while it was downloading; it was kept.`);
    // File systems without hard links (FAT, some network shares): check, then rename.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw error;
    await checkTargetFree(target, false);
    await rename(tempPath, target);
    return;
  }
  await unlink(tempPath);
}

/** Makes the rename durable (POSIX); Windows cannot open folders this way and needs nothing. */
async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  let handle: FileHandle | undefined;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch {
    // Best effort: some file systems refuse fsync on a folder.
  } finally {
    await handle?.close().catch(() => {});
  }
}
