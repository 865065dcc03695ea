import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * At most one collection per this many milliseconds. After multipart parts:
 * often, since each leaves megabytes of dead buffers. After small files: a
 * full GC of a 40-60 MB heap costs 10-30 ms, and every 100 ms it doubled the
 * CPU time of 2,000 16 KiB downloads; once a second it keeps their peak RSS
 * at 165-170 MB instead of ~200 MB for a few percent.
 */
const MIN_INTERVAL_MS = { part: 100, file: 1000 } as const;

/**
 * A function that runs a full garbage collection now (at most as often as
 * MIN_INTERVAL_MS says), for the engine to call after each uploaded part and
 * each small file (TransferDeps.relieveMemory).
 *
 * Why: an upload turns every byte into several short-lived buffers (read,
 * encrypted, joined into an 8 MiB part). V8 frees buffer memory only when a
 * GC runs, and it starts one for buffers only after ~64 MiB more were
 * allocated, so the CLI's peak memory was about 64 MiB above what it uses
 * (measured on a 300 MiB put: peak RSS ≈ 205-225 MB without, ≈ 180 MB with).
 * `gc` is not exposed without `node --expose-gc`; setting the flag at run
 * time and reading `gc` from a new context is the standard way to get it.
 * That new context costs ~4 ms and ~2 MB, so it is made at the first call:
 * most commands (ls, mv, share…) never make one.
 */
export function garbageRelief(): (after: 'part' | 'file') => void {
  let collect: (() => void) | undefined;
  let tried = false;
  let last = 0;
  return (after) => {
    const now = Date.now();
    if (now - last < MIN_INTERVAL_MS[after]) return;
    last = now;
    if (!tried) {
      tried = true;
      collect = exposedGc();
    }
    collect?.();
  };
}

/** V8's `gc`, or undefined where the flag cannot be set. */
function exposedGc(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}
