import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** At most one collection per this many milliseconds: a full GC of the CLI's small heap takes a few ms. */
const MIN_INTERVAL_MS = 100;

/**
 * A function that runs a full garbage collection now (at most every 100 ms),
 * for the engine to call after each uploaded part (TransferDeps.afterPart).
 *
 * Why: an upload turns every byte into several short-lived buffers (read,
 * encrypted, joined into an 8 MiB part). V8 frees buffer memory only when a
 * GC runs, and it starts one for buffers only after ~64 MiB more were
 * allocated, so the CLI's peak memory was about 64 MiB above what it uses
 * (measured on a 300 MiB put: peak RSS ≈ 205-225 MB without, ≈ 180 MB with).
 * `gc` is not exposed without `node --expose-gc`; setting the flag at run
 * time and reading `gc` from a new context is the standard way to get it.
 */
export function garbageRelief(): (() => void) | undefined {
  let collect: (() => void) | undefined;
  try {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
  let last = 0;
  return () => {
    const now = Date.now();
    if (now - last < MIN_INTERVAL_MS) return;
    last = now;
    collect?.();
  };
}
