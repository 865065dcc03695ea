import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { Writable } from 'node:stream';
import { VaultError } from '../errors';
import { syncNameOf, type FolderSyncs } from './folder-syncs';
import { linkFile, lstatFile, renameFile, unlinkFile } from './fs-calls';
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
    stats = await lstatFile(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw localFileErrorToVaultError(error, target, 'write');
  }
  if (stats.isDirectory()) throw new VaultError('CONFLICT', `“${target}” is a folder.`);
  if (!overwrite)
    throw new VaultError('CONFLICT', `“${target}” already exists. Choose to replace it, or another name.`);
}

export interface AtomicFileOptions {
  /** Replace a file at the target; without it the target must not exist, now or at the commit. */
  overwrite: boolean;
  /** The caller has just run checkTargetFree (before fetching anything): not again. */
  targetChecked?: boolean;
  /** The batch's folder syncs, to sync the target's folder once for many files; without, the commit syncs it. */
  folderSyncs?: FolderSyncs;
  /** Write with blocking calls (see BatchedFileWriter and TransferDeps.blockingFileCalls). */
  blockingWrites?: boolean;
}

/**
 * Creates the temporary file for `target`. With `overwrite` false the target
 * must not exist, now or when the file is committed (a hard link refuses to
 * replace what appeared meanwhile).
 */
export async function createAtomicFile(target: string, options: AtomicFileOptions): Promise<AtomicFile> {
  if (!options.targetChecked) await checkTargetFree(target, options.overwrite);
  const tempPath = partialPathFor(target);
  let handle: FileHandle;
  try {
    // "wx" (O_EXCL): never write through a file or link someone placed at this name.
    handle = await open(tempPath, 'wx');
  } catch (error) {
    throw localFileErrorToVaultError(error, target, 'write');
  }
  const stream = new BatchedFileWriter(handle, options.blockingWrites === true);
  const discard = async () => {
    if (!stream.closed) {
      stream.destroy();
      await once(stream, 'close').catch(() => {});
    }
    await unlinkFile(tempPath).catch(() => {});
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
        await syncNameOf(target, options.folderSyncs);
      } catch (error) {
        await discard();
        throw localFileErrorToVaultError(error, target, 'write');
      }
    },
  };
}

/**
 * Bytes gathered before they are written: a download's chunks (64 KiB off the
 * socket) go to the disk in writes of 256-512 KiB, one system call (and one
 * hand-off to libuv's thread pool) per batch instead of per chunk. Not more:
 * on Linux 6.x a write of 512 KiB or more into the page cache asks ext4 for
 * large folios, which cost 3-4 times the kernel time of 256 KiB writes when
 * memory is fragmented (1 GiB written in 64 KiB-1 MiB writes, 5 runs each:
 * ≤ 256 KiB 0.22-0.29 s of system time, 512 KiB 0.72-1.22 s).
 */
export const WRITE_BATCH = 256 * 1024;

/**
 * Bytes written between background fdatasyncs of a large file. The final
 * fsync must otherwise write the whole file out at once: Linux starts
 * writeback only past dirty_background_ratio (10% of memory, 2.4 GB here) or
 * after 30 s, so a 1 GiB download waited 0.32-0.5 s for its last fsync. Synced
 * as it goes (one fdatasync at a time, beside the writes), the last fsync
 * finds 10-40 ms left (1 GiB in 256 KiB writes, Node 20, ext4, 3 runs each:
 * 1.21-3.0 s with one final fsync, 0.58-0.71 s with one every 16-32 MiB, on a
 * busy machine).
 */
export const BACKGROUND_SYNC_BYTES = 32 * 1024 * 1024;

/**
 * The largest blocking write. Small, unlike WRITE_BATCH: a blocking write
 * costs no thread hand-off, and on a machine whose memory is fragmented
 * (after gigabytes of page cache came and went) the kernel's copy into the
 * page cache costs 2-3 times more for writes of 128 KiB and up (1 GiB
 * decrypted with AES-GCM and written with blocking writes, Linux 6.x ext4,
 * 2 runs each: system time 0.33-0.59 s in 64 KiB writes, 0.95-1.13 s in
 * 256 KiB writes; on fresh memory both 0.34-0.39 s). Against the thread pool
 * in 256 KiB batches: 0.81-1.34 s on fresh memory.
 */
export const BLOCKING_WRITE = 64 * 1024;

/**
 * A stream into an open file that writes in batches of WRITE_BATCH bytes (one
 * writev, no copy), one batch on its way to the disk while the next is
 * gathered, and fsyncs and closes the file when it finishes (closes it,
 * without fsync, when destroyed). Its memory is at most about three batches.
 * Every BACKGROUND_SYNC_BYTES it starts an fdatasync without waiting for it.
 *
 * With `blocking`, each chunk is written at once by the calling thread, in
 * writes of at most BLOCKING_WRITE bytes, while the bytes just decrypted are
 * still in that core's cache: on the thread pool the copy into the page cache
 * reads them cold from another core, and each batch costs two thread
 * hand-offs. The fdatasyncs stay on the thread pool: they wait for the disk.
 */
class BatchedFileWriter extends Writable {
  readonly #handle: FileHandle;
  readonly #blocking: boolean;
  #position = 0;
  #batch: Buffer[] = [];
  #batchBytes = 0;
  /** The batch being written, if any; never rejects (its failure is in #failure). */
  #writing: Promise<void> | undefined;
  #failure: Error | undefined;
  /** The background fdatasync on its way, if any; never rejects (its failure is in #failure). */
  #syncing: Promise<void> | undefined;
  #unsyncedBytes = 0;

  constructor(handle: FileHandle, blocking: boolean) {
    super({ highWaterMark: WRITE_BATCH, decodeStrings: true });
    this.#handle = handle;
    this.#blocking = blocking;
  }

  // Without a _write, Writable hands single chunks to _writev too.
  override _writev(chunks: Array<{ chunk: Buffer }>, callback: (error?: Error | null) => void): void {
    if (this.#blocking) {
      this.#writeNow(chunks, callback);
      return;
    }
    for (const { chunk } of chunks) {
      this.#batch.push(chunk);
      this.#batchBytes += chunk.length;
    }
    // A full batch goes to the disk once the one before it is there; the next is gathered meanwhile.
    if (this.#batchBytes >= WRITE_BATCH) this.#send().then(() => callback(), callback);
    else callback(this.#failure);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#send()
      .then(() => this.#writing)
      .then(() => this.#syncing)
      .then(() => {
        if (this.#failure) throw this.#failure;
        return this.#handle.sync();
      })
      .then(() => callback(), callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // Lets the write and the sync on their way finish before the descriptor is closed.
    Promise.all([this.#writing, this.#syncing])
      .then(() => this.#handle.close())
      .then(
        () => callback(error),
        (closeError: Error) => callback(error ?? closeError),
      );
  }

  /** Waits for the batch on its way, then starts writing the gathered one; rejects with a write's failure. */
  async #send(): Promise<void> {
    await this.#writing;
    if (this.#failure) throw this.#failure;
    if (this.#batchBytes === 0 || this.destroyed) return;
    const buffers = this.#batch;
    const position = this.#position;
    const bytes = this.#batchBytes;
    this.#position += bytes;
    this.#batch = [];
    this.#batchBytes = 0;
    this.#writing = writeAll(this.#handle, buffers, position).then(
      () => this.#syncInBackground(bytes),
      (error: Error) => {
        this.#failure = error;
      },
    );
  }

  /** Writes `chunks` with blocking calls (see the class's comment). */
  #writeNow(chunks: Array<{ chunk: Buffer }>, callback: (error?: Error | null) => void): void {
    // A background sync already failed: the file is lost, write no more of it.
    if (this.#failure) {
      callback(this.#failure);
      return;
    }
    let bytes = 0;
    try {
      for (const { chunk } of chunks) {
        writeBlocking(this.#handle.fd, chunk, this.#position);
        this.#position += chunk.length;
        bytes += chunk.length;
      }
    } catch (error) {
      this.#failure = error as Error;
      callback(this.#failure);
      return;
    }
    this.#syncInBackground(bytes);
    callback();
  }

  #syncInBackground(written: number): void {
    this.#unsyncedBytes += written;
    if (this.#unsyncedBytes < BACKGROUND_SYNC_BYTES || this.#syncing || this.destroyed) return;
    this.#unsyncedBytes = 0;
    this.#syncing = this.#handle
      .datasync()
      .catch((error: Error) => {
        this.#failure ??= error;
      })
      .finally(() => {
        this.#syncing = undefined;
      });
  }
}

/** Writes `buffers` at `position`, through short writes. */
async function writeAll(handle: FileHandle, buffers: Buffer[], position: number): Promise<void> {
  let rest = buffers;
  while (rest.length > 0) {
    const { bytesWritten } = await handle.writev(rest, position);
    position += bytesWritten;
    let skip = bytesWritten;
    let index = 0;
    while (index < rest.length && skip >= rest[index]!.length) skip -= rest[index++]!.length;
    rest = rest.slice(index);
    if (skip > 0) rest[0] = rest[0]!.subarray(skip);
    if (bytesWritten === 0 && rest.length > 0) throw new Error('The disk accepted no bytes.');
  }
}

/**
 * Writes `chunk` at `position` of the open file `fd` with blocking calls of
 * at most BLOCKING_WRITE bytes, through short writes (fs.writeSync, not a
 * named import: tests spy on it).
 */
function writeBlocking(fd: number, chunk: Buffer, position: number): void {
  for (let offset = 0; offset < chunk.length;) {
    const length = Math.min(BLOCKING_WRITE, chunk.length - offset);
    const written = fs.writeSync(fd, chunk, offset, length, position + offset);
    if (written === 0) throw new Error('The disk accepted no bytes.');
    offset += written;
  }
}

/**
 * Gives the complete temporary file its final name: rename when it may
 * replace the target; else a hard link, which cannot replace anything, then
 * the temporary name is removed. CONFLICT when the target appeared meanwhile
 * (the temporary file is then still there, for the caller to remove).
 */
export async function moveIntoPlace(tempPath: string, target: string, overwrite: boolean): Promise<void> {
  if (overwrite) {
    await renameFile(tempPath, target);
    return;
  }
  try {
    // link() fails with EEXIST instead of replacing: no window in which a new file at the target is lost.
    await linkFile(tempPath, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST')
      throw new VaultError('CONFLICT', `“${target}” appeared while it was downloading; it was kept.`);
    // File systems without hard links (FAT, some network shares): check, then rename.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw error;
    await checkTargetFree(target, false);
    await renameFile(tempPath, target);
    return;
  }
  // The file is complete under its name now: a temporary name left beside it is untidy, not a failure.
  await unlinkFile(tempPath).catch(() => {});
}
