/** A unit of work for {@link runQueue}. */
export interface QueueTask<T> {
  /** Heavy tasks (multipart uploads, which hold several parts in memory) have a lower limit of their own. */
  heavy: boolean;
  run(): Promise<T>;
}

export interface QueueLimits {
  /** Tasks running at once. */
  concurrency: number;
  /** Heavy tasks running at once (at most `concurrency`). */
  heavy: number;
}

/**
 * Many files at once, but not too many: 8 transfers, at most 2 of them
 * multipart uploads (≈ 40 MiB each). A small file's transfer is mostly
 * waiting (a request, a few file-system calls, an fdatasync), so 8 keep the
 * CPU busier than 4: 2,000 files of 16 KiB, 3 alternated pairs on 2 shared
 * cores, medians: put 3.23 → 3.05 s, get 4.24 → 4.10 s.
 */
export const DEFAULT_QUEUE_LIMITS: QueueLimits = { concurrency: 8, heavy: 2 };

/**
 * Runs tasks with bounded concurrency, in order except that a light task may
 * overtake heavy ones waiting for a heavy slot. Never rejects: resolves to each
 * task's outcome, in the order of `tasks`.
 */
export function runQueue<T>(
  tasks: readonly QueueTask<T>[],
  limits: QueueLimits = DEFAULT_QUEUE_LIMITS,
): Promise<PromiseSettledResult<T>[]> {
  const results = new Array<PromiseSettledResult<T>>(tasks.length);
  const waiting = tasks.map((_, index) => index);
  let running = 0;
  let heavyRunning = 0;
  return new Promise((resolve) => {
    const pump = () => {
      if (waiting.length === 0 && running === 0) {
        resolve(results);
        return;
      }
      while (running < limits.concurrency) {
        const position = waiting.findIndex((index) => !tasks[index]!.heavy || heavyRunning < limits.heavy);
        if (position === -1) break;
        const [index] = waiting.splice(position, 1) as [number];
        const task = tasks[index]!;
        running++;
        if (task.heavy) heavyRunning++;
        void Promise.resolve()
          .then(() => task.run())
          .then(
            (value) => (results[index] = { status: 'fulfilled', value }),
            (reason: unknown) => (results[index] = { status: 'rejected', reason }),
          )
          .finally(() => {
            running--;
            if (task.heavy) heavyRunning--;
            pump();
          });
      }
    };
    pump();
  });
}
