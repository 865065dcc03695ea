import { mkdtemp, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BACKGROUND_SYNC_BYTES, createAtomicFile } from '../../../../src/main/vault/transfers/atomic-file';

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

describe('atomic file: background syncs', () => {
  it(`fdatasyncs every ${BACKGROUND_SYNC_BYTES / MIB} MiB while it writes, and the file is whole`, async () => {
    const datasync = vi.spyOn(fileHandleProto, 'datasync');
    const target = path.join(folder, 'large.bin');
    const megabytes = (BACKGROUND_SYNC_BYTES / MIB) * 2 + 5;
    const file = await createAtomicFile(target, { overwrite: false });
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
    const file = await createAtomicFile(path.join(folder, 'small.bin'), { overwrite: false });
    await pipeline(chunks(3), file.stream);
    await file.commit();
    expect(datasync).not.toHaveBeenCalled();
  });

  it('fails, leaving the target untouched and no temporary file, when a background sync fails', async () => {
    vi.spyOn(fileHandleProto, 'datasync').mockRejectedValue(Object.assign(new Error('EIO'), { code: 'EIO' }));
    const target = path.join(folder, 'kept.bin');
    await writeFile(target, 'before');
    const file = await createAtomicFile(target, { overwrite: true });
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
