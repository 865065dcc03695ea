import { randomBytes } from 'node:crypto';
import fs, { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FolderSyncs } from '../../../../src/main/vault/transfers/folder-syncs';
import { writeFileAtomically } from '../../../../src/main/vault/transfers/write-file-atomically';

/** The folders opened to be fsynced (files are fdatasynced; only folders are opened "r" here). */
function watchFolderSyncs(): { folders: string[]; fsyncs: () => number } {
  const folders: string[] = [];
  const open = fs.open;
  vi.spyOn(fs, 'open').mockImplementation(((file: string, flags: string, ...rest: unknown[]) => {
    if (flags === 'r') folders.push(file);
    (open as (...args: unknown[]) => void)(file, flags, ...rest);
  }) as never);
  const fsync = vi.spyOn(fs, 'fsync');
  return { folders, fsyncs: () => fsync.mock.calls.length };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe.skipIf(process.platform === 'win32')('folder syncs', () => {
  it('a batch syncs each folder once, when it flushes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 's3vault-folder-syncs-'));
    const a = path.join(dir, 'a');
    const b = path.join(dir, 'b');
    mkdirSync(a);
    mkdirSync(b);
    const watch = watchFolderSyncs();
    const folderSyncs = new FolderSyncs();
    await Promise.all(
      [a, b, a, a, b].map((folder, index) =>
        writeFileAtomically(path.join(folder, `f${index}`), randomBytes(100), { overwrite: false, folderSyncs }),
      ),
    );
    expect(watch.folders).toEqual([]);
    expect(watch.fsyncs()).toBe(0);
    await folderSyncs.flush();
    expect(watch.folders.sort()).toEqual([a, b]);
    expect(watch.fsyncs()).toBe(2);
    // Flushed: nothing left to sync.
    await folderSyncs.flush();
    expect(watch.fsyncs()).toBe(2);
  });

  it('without a batch, each file syncs its folder itself', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 's3vault-folder-syncs-'));
    const watch = watchFolderSyncs();
    await writeFileAtomically(path.join(dir, 'one'), randomBytes(100), { overwrite: false });
    await writeFileAtomically(path.join(dir, 'two'), randomBytes(100), { overwrite: false });
    expect(watch.folders).toEqual([dir, dir]);
    expect(watch.fsyncs()).toBe(2);
  });

  it('a folder that cannot be synced (removed meanwhile) does not fail the flush', async () => {
    const folderSyncs = new FolderSyncs();
    folderSyncs.add(path.join(tmpdir(), `s3vault-no-such-folder-${randomBytes(4).toString('hex')}`));
    await expect(folderSyncs.flush()).resolves.toBeUndefined();
  });
});
