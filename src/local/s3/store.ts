/**
 * Object bytes on disk. Each write lands in a temporary file first and is
 * renamed into place only once it is complete and verified, under a fresh
 * name: a reader streaming the previous version keeps its open file, and a
 * crash never leaves a half-written object. Metadata lives in each bucket's
 * BucketIndex.
 */
import { closeSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync } from 'node:fs';
import { copyFile, open, rm, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { randomId } from '../core/random-ids';
import { BucketIndex } from './object-index';
import type { ObjectMeta } from './types';

export class ObjectStore {
  private readonly indexes = new Map<string, BucketIndex>();
  private readonly madeDirs = new Set<string>();
  readonly tmpDir: string;

  constructor(private readonly root: string) {
    this.tmpDir = path.join(root, 'tmp');
    // Leftovers of writes interrupted by a crash or kill.
    rmSync(this.tmpDir, { recursive: true, force: true });
    mkdirSync(this.tmpDir, { recursive: true });
    mkdirSync(path.join(root, 'index'), { recursive: true });
  }

  /** The bucket's index, loaded on first use. */
  index(bucket: string): BucketIndex {
    let index = this.indexes.get(bucket);
    if (!index) {
      index = new BucketIndex(path.join(this.root, 'index', `${bucket}.jsonl`));
      this.indexes.set(bucket, index);
    }
    return index;
  }

  /** A fresh path in the temporary folder (same file system as the data, so rename is atomic). */
  tempFile(): string {
    return path.join(this.tmpDir, randomId(12, 'hex'));
  }

  newFileId(): string {
    return randomId(12, 'hex');
  }

  dataPath(bucket: string, file: string): string {
    return path.join(this.root, 'data', bucket, file.slice(0, 2), file);
  }

  /** Moves a finished temporary file into the bucket's data folder under `file`. */
  place(tempFile: string, bucket: string, file: string): void {
    const target = this.dataPath(bucket, file);
    const dir = path.dirname(target);
    if (!this.madeDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.madeDirs.add(dir);
    }
    renameSync(tempFile, target);
  }

  /**
   * Makes `meta` the current object: the data file (already placed) becomes
   * visible and the previous version's file is removed. Synchronous on purpose:
   * conditional writes check and commit without another request in between.
   */
  commit(bucket: string, meta: ObjectMeta): ObjectMeta | undefined {
    const previous = this.index(bucket).put(meta);
    if (previous && previous.file !== meta.file) this.removeFile(bucket, previous.file);
    return previous;
  }

  delete(bucket: string, key: string): ObjectMeta | undefined {
    const previous = this.index(bucket).delete(key);
    if (previous) this.removeFile(bucket, previous.file);
    return previous;
  }

  /** Opens an object's data for reading; undefined if it vanished in between (deleted or replaced). */
  async openData(bucket: string, meta: ObjectMeta): Promise<FileHandle | undefined> {
    try {
      return await open(this.dataPath(bucket, meta.file), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /**
   * Reads `length` bytes of an object's data from `start` in one go, synchronously;
   * undefined if the file vanished or changed in between (deleted or replaced). For small
   * reads only: three system calls cost far less CPU than a FileHandle and a
   * read stream (thread-pool round trips for open, each read, and close).
   */
  readSmall(bucket: string, meta: ObjectMeta, start: number, length: number): Buffer | undefined {
    let fd: number;
    try {
      fd = openSync(this.dataPath(bucket, meta.file), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      const buffer = Buffer.allocUnsafe(length);
      let filled = 0;
      while (filled < length) {
        const read = readSync(fd, buffer, filled, length - filled, start + filled);
        // Data files never shrink: one that ends early was replaced mid-read; answer as for a vanished file.
        if (read === 0) return undefined;
        filled += read;
      }
      return buffer;
    } finally {
      closeSync(fd);
    }
  }

  /** Copies an object's data file to a temporary file (the OS may clone it). */
  async copyToTemp(bucket: string, meta: ObjectMeta): Promise<string> {
    const temp = this.tempFile();
    await copyFile(this.dataPath(bucket, meta.file), temp);
    return temp;
  }

  async discard(tempFile: string): Promise<void> {
    await rm(tempFile, { force: true });
  }

  /** Whether the bucket has any object (DeleteBucket). */
  isEmpty(bucket: string): boolean {
    return this.index(bucket).size === 0;
  }

  /** Deletes data files no index refers to (left by a crash between rename and journal write). */
  sweepOrphans(bucket: string): void {
    const dir = path.join(this.root, 'data', bucket);
    let shards: string[];
    try {
      shards = readdirSync(dir);
    } catch {
      return;
    }
    const live = new Set<string>();
    for (const meta of this.index(bucket).values()) live.add(meta.file);
    for (const shard of shards) {
      for (const file of readdirSync(path.join(dir, shard))) {
        if (!live.has(file)) rmSync(path.join(dir, shard, file), { force: true });
      }
    }
  }

  close(): void {
    for (const index of this.indexes.values()) index.close();
    this.indexes.clear();
  }

  private removeFile(bucket: string, file: string): void {
    // Readers that already opened the file keep reading it (POSIX, and libuv opens
    // with FILE_SHARE_DELETE on Windows).
    unlink(this.dataPath(bucket, file)).catch(() => {});
  }
}
