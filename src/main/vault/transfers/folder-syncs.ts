import path from 'node:path';
import { closeFile, openFile, syncAll } from './fs-calls';

/**
 * Folders that were given new names (downloaded files moved into place) and
 * must be fsynced for those names to survive a crash: a batch collects them
 * and syncs each distinct folder once at its end, instead of once per file
 * (2,000 small files into one folder: 2,000 folder fsyncs, ~0.4 ms each,
 * become one).
 *
 * Deferring is safe: each file's data is on the disk before it gets its name,
 * so a crash before the flush can lose a new name (the file is missing, or
 * the one it replaced is back, as if the download had not finished) but never
 * leaves a half-written file under it. The batch reports success only after
 * flush().
 */
export class FolderSyncs {
  readonly #folders = new Set<string>();

  /** Notes that `folder` has a new name in it. */
  add(folder: string): void {
    this.#folders.add(folder);
  }

  /** Syncs every folder noted since the last flush, each once, a few at a time; never throws. */
  async flush(): Promise<void> {
    const folders = [...this.#folders];
    this.#folders.clear();
    let next = 0;
    const worker = async () => {
      while (next < folders.length) await syncFolder(folders[next++]!);
    };
    // Bounded: a tree of thousands of folders must not open thousands of descriptors at once.
    await Promise.all(Array.from({ length: Math.min(FLUSH_CONCURRENCY, folders.length) }, worker));
  }
}

/** Folders synced at once by flush(): as many as libuv has threads by default. */
const FLUSH_CONCURRENCY = 4;

/**
 * Makes a new name in `target`'s folder durable: at once, or, given the
 * batch's `syncs`, when the batch flushes them.
 */
export async function syncNameOf(target: string, syncs: FolderSyncs | undefined): Promise<void> {
  const folder = path.dirname(target);
  if (syncs) syncs.add(folder);
  else await syncFolder(folder);
}

/** Makes the names in `folder` durable (POSIX); Windows cannot open folders this way and needs nothing. */
export async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  let fd: number | undefined;
  try {
    fd = await openFile(folder, 'r');
    await syncAll(fd);
  } catch {
    // Best effort: some file systems refuse fsync on a folder.
  } finally {
    if (fd !== undefined) await closeFile(fd).catch(() => {});
  }
}
