import fs, { type Stats } from 'node:fs';

/*
 * The few file-system calls of a small file's upload or download, over Node's callback
 * API with one promise each: per call about a third less main-thread time
 * than fs.promises, whose FileHandle is a JS object with a native peer, a
 * close tracked for garbage collection, and more promises per operation.
 * Measured on Node 20, ext4, 2 cores (4 files at a time; temp file opened
 * "wx", one write of 16 KiB, close, link, unlink; main-thread CPU per file,
 * 6,000 files, two sessions of 3-4 runs; without fdatasync, to leave the
 * disk's noise out): fs.promises FileHandle 47-97 µs, these wrappers 30-63 µs
 * (in each run 30-45% less), bare nested callbacks 28-32 µs (not worth their
 * shape), fs.promises.writeFile 60-87 µs. With fdatasync both grow by ~80 µs
 * (more wake-ups while the disk works): 130-185 µs against 97-165 µs.
 * The module's default export is used (fs.open, not a named import) so that
 * tests can inject a failure with vi.spyOn(fs, 'write').
 */

/** A callback for fs that settles a promise (`value` is absent for calls that give none). */
function settle<T>(
  resolve: (value: T) => void,
  reject: (error: unknown) => void,
): (error: NodeJS.ErrnoException | null, value?: T) => void {
  return (error, value) => (error ? reject(error) : resolve(value as T));
}

/** Opens `file` with `flags` ("wx": create, and fail if anything is at that name). */
export function openFile(file: string, flags: string): Promise<number> {
  return new Promise((resolve, reject) => fs.open(file, flags, 0o666, settle(resolve, reject)));
}

/** What the open file `fd` is (its type and size). */
export function statFile(fd: number): Promise<Stats> {
  return new Promise((resolve, reject) => fs.fstat(fd, settle(resolve, reject)));
}

/** Reads into `buffer` from its start until it is full or the file ends; resolves to the bytes read. */
export async function readInto(fd: number, buffer: Buffer): Promise<number> {
  let filled = 0;
  while (filled < buffer.length) {
    const read = await new Promise<number>((resolve, reject) =>
      fs.read(fd, buffer, filled, buffer.length - filled, filled, settle(resolve, reject)),
    );
    if (read === 0) break;
    filled += read;
  }
  return filled;
}

/** The calls that read a small file whole: on the thread pool, or blocking (TransferDeps.blockingFileCalls). */
export interface ReadCalls {
  open(file: string): Promise<number> | number;
  stat(fd: number): Promise<Stats> | Stats;
  /** As readInto. */
  readInto(fd: number, buffer: Buffer): Promise<number> | number;
  close(fd: number): Promise<void> | void;
}

export const threadPoolReads: ReadCalls = {
  open: (file) => openFile(file, 'r'),
  stat: statFile,
  readInto,
  close: closeFile,
};

export const blockingReads: ReadCalls = {
  open: (file) => fs.openSync(file, 'r'),
  stat: (fd) => fs.fstatSync(fd),
  readInto(fd, buffer) {
    let filled = 0;
    while (filled < buffer.length) {
      const read = fs.readSync(fd, buffer, filled, buffer.length - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    return filled;
  },
  close: (fd) => fs.closeSync(fd),
};

/** Writes all of `data` at the start of the open file `fd`, through short writes. */
export async function writeWhole(fd: number, data: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    const written = await new Promise<number>((resolve, reject) =>
      fs.write(fd, data, offset, data.length - offset, offset, settle(resolve, reject)),
    );
    if (written === 0) throw new Error('The disk accepted no bytes.');
    offset += written;
  }
}

/** Flushes the file's data, and the metadata needed to read it back, to the disk. */
export function syncData(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.fdatasync(fd, settle(resolve, reject)));
}

/** fsync: the file's data and all its metadata (for folders, whose names are their data). */
export function syncAll(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.fsync(fd, settle(resolve, reject)));
}

export function closeFile(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.close(fd, settle(resolve, reject)));
}

/** A second name for `existing`; fails with EEXIST rather than replace `name`. */
export function linkFile(existing: string, name: string): Promise<void> {
  return new Promise((resolve, reject) => fs.link(existing, name, settle(resolve, reject)));
}

export function renameFile(from: string, to: string): Promise<void> {
  return new Promise((resolve, reject) => fs.rename(from, to, settle(resolve, reject)));
}

export function unlinkFile(file: string): Promise<void> {
  return new Promise((resolve, reject) => fs.unlink(file, settle(resolve, reject)));
}

/** What is at `file` itself (a link is not followed). */
export function lstatFile(file: string): Promise<Stats> {
  return new Promise((resolve, reject) => fs.lstat(file, settle(resolve, reject)));
}
