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
 * At most one look at the RSS per this many milliseconds: reading it opens
 * and parses /proc/self/stat (~0.1 ms), as much as the rest of a small file's
 * upload bookkeeping; 10 ms lets through at most a few small files.
 */
const CHECK_INTERVAL_MS = 10;

export interface GarbageReliefOptions {
  rss?: () => number;
  now?: () => number;
  /** What collects; V8's `gc` unless given (see exposedGc). */
  collect?: () => void;
}

/**
 * A function for the engine to call after each uploaded part and each small
 * file (TransferDeps.relieveMemory): it runs a full garbage collection when the
 * process is above RSS_THRESHOLD.
 */
export function garbageRelief(options: GarbageReliefOptions = {}): () => void {
  const { rss = process.memoryUsage.rss, now = Date.now } = options;
  let collect = options.collect;
  let lastCheck = -Infinity;
  let lastCollection = -Infinity;
  return () => {
    const time = now();
    if (time - lastCheck < CHECK_INTERVAL_MS || time - lastCollection < MIN_INTERVAL_MS) return;
    lastCheck = time;
    if (rss() < RSS_THRESHOLD) return;
    lastCollection = time;
    collect ??= exposedGc() ?? (() => {});
    collect();
  };
}

/**
 * V8's `gc`, or undefined where the flag cannot be set. `gc` is not exposed
 * without `node --expose-gc`; setting the flag at run time and reading `gc`
 * from a new context is the standard way to get it. That context costs ~4 ms
 * and ~2 MB, so it is made at the first collection: most commands never need one.
 */
function exposedGc(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}
