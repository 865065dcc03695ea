import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  TransferManager,
  type TransferActivity,
  type TransferRun,
} from '../../../src/main/controller/transfer-manager';
import { VaultError } from '../../../src/main/vault/errors';
import type { Transfer } from '../../../src/shared/contract';

/** A job the test drives by hand: progress, then resolve or reject; aborting rejects with CANCELLED, as the engine does. */
function fakeJob(name = 'a.bin', total = 1000) {
  const runs: Array<{ run: TransferRun; resolve(): void; reject(error: unknown): void }> = [];
  const job = {
    direction: 'upload' as const,
    name,
    path: `Docs/${name}`,
    total,
    run: (run: TransferRun) =>
      new Promise<void>((resolve, reject) => {
        runs.push({ run, resolve, reject });
        run.signal.addEventListener('abort', () => reject(new VaultError('CANCELLED', 'The transfer was cancelled.')));
      }),
  };
  return { job, runs, last: () => runs.at(-1)! };
}

function manager(options: { concurrency?: number } = {}) {
  const events: Transfer[] = [];
  const activity: TransferActivity[] = [];
  const failures: VaultError[] = [];
  const transfers = new TransferManager({
    onChange: (transfer) => events.push(transfer),
    onActivity: (a) => activity.push(a),
    onFailure: (error) => failures.push(error),
    onInternalError: () => {},
    concurrency: options.concurrency,
  });
  return { transfers, events, activity, failures };
}

const flush = () => vi.advanceTimersByTimeAsync(0);

describe('the transfer manager', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('runs a job: queued, running, progress with speed, done; the batch ends with a summary', async () => {
    const { transfers, events, activity } = manager();
    const fake = fakeJob();
    const id = transfers.add(fake.job);
    expect(events.map((e) => e.state)).toEqual(['queued', 'running']);
    vi.advanceTimersByTime(1000);
    fake.last().run.progress(500, 1000);
    expect(events.at(-1)).toMatchObject({ id, state: 'running', bytes: 500, total: 1000, bytesPerSecond: 500 });
    expect(activity.at(-1)).toEqual({ active: 1, fraction: 0.5 });
    fake.last().resolve();
    await flush();
    expect(events.at(-1)).toMatchObject({ state: 'done', bytes: 1000, total: 1000, bytesPerSecond: 0 });
    expect(activity.at(-1)).toEqual({ active: 0, fraction: -1, finished: { done: 1, failed: 0, cancelled: 0 } });
    expect(transfers.list()).toEqual([
      expect.objectContaining({ id, name: 'a.bin', path: 'Docs/a.bin', state: 'done' }),
    ]);
  });

  it('sends at most one progress event per 100 ms per transfer, and never loses the last one', async () => {
    const { transfers, events } = manager();
    const fake = fakeJob('big.bin', 10_000);
    transfers.add(fake.job);
    vi.advanceTimersByTime(200);
    const before = events.length;
    // 100 progress callbacks within 50 ms.
    for (let i = 1; i <= 100; i++) {
      fake.last().run.progress(i * 10, 10_000);
      if (i % 2 === 0) vi.advanceTimersByTime(1);
    }
    expect(events.length - before).toBe(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(events.length - before).toBe(2);
    expect(events.at(-1)).toMatchObject({ bytes: 1000 });
    // One second of steady progress: about ten events, not hundreds.
    for (let t = 0; t < 1000; t += 5) {
      fake.last().run.progress(1000 + t, 10_000);
      vi.advanceTimersByTime(5);
    }
    expect(events.length - before).toBeLessThanOrEqual(13);
    // A state change goes out at once, even right after a progress event.
    fake.last().reject(new VaultError('NETWORK', 'Could not reach Amazon S3.'));
    await flush();
    expect(events.at(-1)).toMatchObject({
      state: 'failed',
      error: { code: 'NETWORK', message: 'Could not reach Amazon S3.' },
    });
  });

  it('bounds concurrency: the others wait queued and start as slots free', async () => {
    const { transfers } = manager({ concurrency: 2 });
    const jobs = [fakeJob('1'), fakeJob('2'), fakeJob('3')];
    const ids = jobs.map((fake) => transfers.add(fake.job));
    expect(transfers.list().map((t) => t.state)).toEqual(['running', 'running', 'queued']);
    jobs[0]!.last().resolve();
    await flush();
    expect(transfers.list().map((t) => t.state)).toEqual(['done', 'running', 'running']);
    expect(ids).toEqual(['t1', 't2', 't3']);
  });

  it('cancels a queued transfer at once and a running one through its abort signal', async () => {
    const { transfers, activity } = manager({ concurrency: 1 });
    const running = fakeJob('running');
    const waiting = fakeJob('waiting');
    const runningId = transfers.add(running.job);
    const waitingId = transfers.add(waiting.job);
    transfers.cancel(waitingId);
    expect(transfers.list()[1]).toMatchObject({ state: 'cancelled' });
    expect(waiting.runs).toHaveLength(0);
    transfers.cancel(runningId);
    expect(running.last().run.signal.aborted).toBe(true);
    await flush();
    expect(transfers.list()[0]).toMatchObject({ state: 'cancelled' });
    expect(transfers.list()[0]!.error).toBeUndefined();
    expect(activity.at(-1)).toEqual({ active: 0, fraction: -1, finished: { done: 0, failed: 0, cancelled: 2 } });
    // Cancelling a finished transfer changes nothing; an unknown id is NOT_FOUND.
    expect(() => transfers.cancel(runningId)).not.toThrow();
    expect(() => transfers.cancel('t99')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('retries a failed or cancelled transfer with the same job, from zero; refuses to retry one that runs', async () => {
    const { transfers, failures } = manager();
    const fake = fakeJob();
    const id = transfers.add(fake.job);
    expect(() => transfers.retry(id)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    fake.last().run.progress(300, 1000);
    fake.last().reject(new VaultError('AUTH_REQUIRED', 'Your session has ended; sign in again.'));
    await flush();
    expect(failures.map((error) => error.code)).toEqual(['AUTH_REQUIRED']);
    transfers.retry(id);
    expect(fake.runs).toHaveLength(2);
    expect(transfers.list()[0]).toMatchObject({ state: 'running', bytes: 0 });
    expect(transfers.list()[0]!.error).toBeUndefined();
    // A late callback of the first run changes nothing.
    fake.runs[0]!.run.progress(900, 1000);
    expect(transfers.list()[0]).toMatchObject({ bytes: 0 });
    fake.last().resolve();
    await flush();
    expect(transfers.list()[0]).toMatchObject({ state: 'done' });
  });

  it('reports an unexpected error as INTERNAL without its details', async () => {
    const { transfers } = manager();
    const fake = fakeJob();
    transfers.add(fake.job);
    fake.last().reject(new Error('ECONNRESET at /home/alice/secret'));
    await flush();
    expect(transfers.list()[0]!.error).toEqual({ code: 'INTERNAL', message: expect.not.stringMatching(/home|ECONN/) });
  });

  it('cancelAll and clearFinished (sign-out) leave an empty list; idle() resolves when nothing runs', async () => {
    const { transfers } = manager();
    transfers.add(fakeJob('1').job);
    transfers.add(fakeJob('2').job);
    const idle = transfers.idle();
    transfers.cancelAll();
    await flush();
    await idle;
    transfers.clearFinished();
    expect(transfers.list()).toEqual([]);
  });
});
