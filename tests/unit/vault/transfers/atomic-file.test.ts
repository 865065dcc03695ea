import fs from 'node:fs';
import { mkdtemp, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BACKGROUND_SYNC_BYTES,
  BLOCKING_WRITE,
  createAtomicFile,
} from '../../../../src/main/vault/transfers/atomic-file';

const MIB = 1024 * 1024;
let folder: string;
/** FileHandle's prototype, where datasync lives. */
let fileHandleProto: { datasync(): Promise<void> };

beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 's3vault-atomic-'));
  const probe = await open(path.join(folder, 'probe'), 'w');
  fileHandleProto = Object.getPrototypeOf(probe) as typeof fileHandleProto;
  await probe.close();
  await rm(path.join(folder, 'probe'));
});

afterEach(async () => {
  vi.restoreAllMocks();
  await rm(folder, { recursive: true, force: true });
});

/** `count` chunks of 1 MiB, each filled with its index. */
function chunks(count: number): Readable {
  return Readable.from(Array.from({ length: count }, (_, index) => Buffer.alloc(MIB, index)));
}

describe.each([
  ['thread-pool', false],
  ['blocking', true],
])('atomic file: background syncs (%s writes)', (_name, blockingWrites) => {
  it(`fdatasyncs every ${BACKGROUND_SYNC_BYTES / MIB} MiB while it writes, and the file is whole`, async () => {
    const datasync = vi.spyOn(fileHandleProto, 'datasync');
    const target = path.join(folder, 'large.bin');
    const megabytes = (BACKGROUND_SYNC_BYTES / MIB) * 2 + 5;
    const file = await createAtomicFile(target, { overwrite: false, blockingWrites });
    await pipeline(chunks(megabytes), file.stream);
    await file.commit();
    expect(datasync.mock.calls.length).toBeGreaterThanOrEqual(1);
    expect(datasync.mock.calls.length).toBeLessThanOrEqual(2);
    const written = await readFile(target);
    expect(written.length).toBe(megabytes * MIB);
    expect(written[7 * MIB]).toBe(7);
    expect(written.at(-1)).toBe(megabytes - 1);
  });

  it('does not sync a small file in the background', async () => {
    const datasync = vi.spyOn(fileHandleProto, 'datasync');
    const file = await createAtomicFile(path.join(folder, 'small.bin'), { overwrite: false, blockingWrites });
    await pipeline(chunks(3), file.stream);
    await file.commit();
    expect(datasync).not.toHaveBeenCalled();
  });

  it('fails, leaving the target untouched and no temporary file, when a background sync fails', async () => {
    vi.spyOn(fileHandleProto, 'datasync').mockRejectedValue(Object.assign(new Error('EIO'), { code: 'EIO' }));
    const target = path.join(folder, 'kept.bin');
    await writeFile(target, 'before');
    const file = await createAtomicFile(target, { overwrite: true, blockingWrites });
    const failure = await pipeline(chunks(BACKGROUND_SYNC_BYTES / MIB + 3), file.stream)
      .then(() => file.commit())
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    await file.discard();
    expect(failure).toBeDefined();
    expect(await readFile(target, 'utf8')).toBe('before');
    expect(await readdir(folder)).toEqual(['kept.bin']);
  });
});

describe('atomic file: blocking writes (the CLI)', () => {
  /** FileHandle's writev: the thread pool's path, which blocking writes must not take. */
  const handleWritev = () => vi.spyOn(fileHandleProto as unknown as { writev(): Promise<unknown> }, 'writev');

  it(`writes with writeSync, at most ${BLOCKING_WRITE / 1024} KiB a call, not through the thread pool`, async () => {
    const writeSync = vi.spyOn(fs, 'writeSync');
    const writev = handleWritev();
    const target = path.join(folder, 'blocking.bin');
    const file = await createAtomicFile(target, { overwrite: false, blockingWrites: true });
    await pipeline(chunks(5), file.stream);
    await file.commit();
    expect(writeSync).toHaveBeenCalledTimes((5 * MIB) / BLOCKING_WRITE);
    for (const call of writeSync.mock.calls) expect(call[3]).toBeLessThanOrEqual(BLOCKING_WRITE);
    expect(writev).not.toHaveBeenCalled();
    const written = await readFile(target);
    expect(written.length).toBe(5 * MIB);
    for (let index = 0; index < 5; index++) expect(written[index * MIB + 77]).toBe(index);
  });

  it('carries on after short writes, and the file is whole', async () => {
    const real = fs.writeSync.bind(fs) as (
      fd: number,
      buffer: Buffer,
      offset: number,
      length: number,
      position: number,
    ) => number;
    // The disk takes at most 1000 bytes per call.
    const shortWrites = vi
      .spyOn(fs, 'writeSync')
      .mockImplementation(((fd: number, buffer: Buffer, offset: number, length: number, position: number) =>
        real(fd, buffer, offset, Math.min(1000, length), position)) as typeof fs.writeSync);
    const target = path.join(folder, 'short.bin');
    const file = await createAtomicFile(target, { overwrite: false, blockingWrites: true });
    const parts = [Buffer.alloc(300_000, 1), Buffer.alloc(10, 2), Buffer.alloc(5_000, 3)];
    await pipeline(Readable.from(parts), file.stream);
    await file.commit();
    expect(shortWrites.mock.calls.length).toBeGreaterThan(300);
    expect(await readFile(target)).toEqual(Buffer.concat(parts));
  });

  it('fails when the disk is full, leaving the target untouched and no temporary file', async () => {
    vi.spyOn(fs, 'writeSync').mockImplementation(() => {
      throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    });
    const target = path.join(folder, 'kept.bin');
    await writeFile(target, 'before');
    const file = await createAtomicFile(target, { overwrite: true, blockingWrites: true });
    const failure = await pipeline(chunks(2), file.stream).then(
      () => undefined,
      (error: unknown) => error,
    );
    await file.discard();
    expect(failure).toMatchObject({ code: 'ENOSPC' });
    expect(await readFile(target, 'utf8')).toBe('before');
    expect(await readdir(folder)).toEqual(['kept.bin']);
  });
});
