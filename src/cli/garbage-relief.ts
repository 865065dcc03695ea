import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Collect only when the process holds at least this much. V8 frees buffer
 * memory only when a GC runs, and starts one for buffers only after ~64 MiB
 * more were allocated; an upload turns every byte into several short-lived
 * buffers (read, encrypted, joined into a part), and thousands of small files
 * grow the old generation by ~60 MB between V8's own full collections. Left
 * alone, the CLI peaked at 183-204 MB on a 1 GiB put and ~200 MB on 2,000
 * small downloads, above its 200 MB budget.
 *
 * Measured on 1 GiB puts (helper runs, shared machine): a full GC after every
 * part kept 158-169 MB but cost 3-5 s of CPU (83-97 MB/s); gated on RSS ≥
 * 160 MB it kept 166-171 MB at 91-104 MB/s; minor GCs alone let it reach
 * 194-195 MB.
 */
const RSS_THRESHOLD = 160 * 1000 * 1000;

/** At most one collection per this many milliseconds, whatever the RSS says. */
const MIN_INTERVAL_MS = 100;

/**
 * A function for the engine to call after each uploaded part and each small
 * file (TransferDeps.relieveMemory): it runs a full garbage collection when the
 * process is above RSS_THRESHOLD. `gc` is not exposed without `node
 * --expose-gc`; setting the flag at run time and reading `gc` from a new
 * context is the standard way to get it. That context costs ~4 ms and ~2 MB,
 * so it is made at the first collection: most commands never need one.
 */
export function garbageRelief(rss: () => number = process.memoryUsage.rss): () => void {
  let collect: (() => void) | undefined;
  let tried = false;
  let last = 0;
  return () => {
    const now = Date.now();
    if (now - last < MIN_INTERVAL_MS || rss() < RSS_THRESHOLD) return;
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
