/**
 * The end of an upload's pipeline: the decoded body into a temporary file
 * (created with mode 0600, truncated, never fsynced — as fs.createWriteStream
 * did before; the store renames it into place once complete and verified).
 *
 * Why not createWriteStream: with many small objects, its stream machinery
 * around open/write/close cost more CPU than the rest of a PutObject. A body
 * that fits in SMALL_BODY_BYTES is kept in memory and written with a single
 * fs.writeFile when it is complete; a larger one is written as it arrives.
 * Writes stay asynchronous (unlike the small reads of GetObject: see
 * ObjectStore.readSmall), so a disk busy with journal commits never stalls
 * the event loop, and memory stays bounded per request.
 */
import { close, open, unlink, write, writeFile } from 'node:fs';
import { Writable } from 'node:stream';

/** Bodies up to this size are buffered and written at once (the GET side reads this much at once too). */
export const SMALL_BODY_BYTES = 256 * 1024;

type Callback = (error?: Error | null) => void;

export class TempFileSink extends Writable {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Open once the body outgrew the buffer. */
  private fd: number | undefined;
  /** An open or write is in flight: the descriptor must not be closed under it. */
  private busy = false;
  private whenIdle: (() => void) | null = null;

  constructor(
    private readonly file: string,
    private readonly bufferLimit = SMALL_BODY_BYTES,
  ) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: Callback): void {
    if (this.fd === undefined && this.buffered + chunk.length <= this.bufferLimit) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
      callback();
      return;
    }
    this.busy = true;
    const done: Callback = (error) => this.#settle(callback, error);
    if (this.fd !== undefined) {
      writeAll(this.fd, chunk, done);
      return;
    }
    open(this.file, 'w', 0o600, (error, fd) => {
      if (error) return done(error);
      this.fd = fd;
      if (this.destroyed) return this.#removeAbandoned(done);
      const pending = Buffer.concat([...this.chunks, chunk]);
      this.chunks = [];
      this.buffered = 0;
      writeAll(fd, pending, done);
    });
  }

  override _final(callback: Callback): void {
    if (this.fd !== undefined) {
      const fd = this.fd;
      this.fd = undefined;
      close(fd, callback);
      return;
    }
    const data = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    this.chunks = [];
    this.busy = true;
    writeFile(this.file, data, { mode: 0o600 }, (error) => {
      if (!error && this.destroyed) return this.#removeAbandoned(() => this.#settle(callback));
      this.#settle(callback, error);
    });
  }

  /** A file call finished: reports it, then lets a destroy that waited for it go on. */
  #settle(callback: Callback, error?: Error | null): void {
    this.busy = false;
    callback(error);
    const idle = this.whenIdle;
    this.whenIdle = null;
    idle?.();
  }

  /**
   * The file was created after the stream was destroyed: whoever destroyed it
   * may already have removed the temporary file (a failed pipeline rejects
   * before this stream's own cleanup runs), so it is removed here.
   */
  #removeAbandoned(then: () => void): void {
    unlink(this.file, () => then());
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.chunks = [];
    const closeFile = (): void => {
      if (this.fd === undefined) return callback(error);
      const fd = this.fd;
      this.fd = undefined;
      close(fd, (closeError) => callback(error ?? closeError));
    };
    if (this.busy) this.whenIdle = closeFile;
    else closeFile();
  }
}

/** Writes all of `buffer` at the file's current position (write may take less than asked). */
function writeAll(fd: number, buffer: Buffer, callback: Callback): void {
  write(fd, buffer, 0, buffer.length, null, (error, written) => {
    if (error) return callback(error);
    if (written < buffer.length) return writeAll(fd, buffer.subarray(written), callback);
    callback();
  });
}
