/**
 * The app's transfer queue: every upload and download the UI started, with
 * an id, a state (queued → running → done | failed | cancelled), plaintext
 * bytes and total, and a speed. At most `concurrency` run at once (each
 * engine call has its own bounded queue inside, for a folder's files). The UI
 * hears of changes through `onChange`, throttled per transfer to one every
 * `emitIntervalMs` (state changes always go out at once, and the last
 * progress is never lost). Jobs are engine calls wrapped by the controller;
 * this module knows nothing of S3, so its tests drive it with fakes.
 */
import type { Transfer } from '../../shared/contract';
import { VaultError } from '../vault/errors';
import { TransferTally } from '../vault/status/transfer-tally';
import { SpeedMeter } from './transfer-speed';

/** What a transfer does when it runs; `run` is called again by a retry. */
export interface TransferJob {
  direction: Transfer['direction'];
  name: string;
  path: string;
  /** Plaintext bytes, when known before it starts (0 otherwise: progress tells). */
  total?: number;
  run(control: TransferRun): Promise<void>;
}

export interface TransferRun {
  /** Aborted when the person cancels: the engine then fails with CANCELLED and leaves nothing behind. */
  signal: AbortSignal;
  /** Plaintext bytes moved so far, and the total (0 when unknown). */
  progress(bytes: number, total: number): void;
}

/** What the host shows outside the window: a progress bar, and a notification when a batch ends. */
export interface TransferActivity {
  /** Transfers queued or running. */
  active: number;
  /** Share of the current batch's bytes moved, 0 to 1; -1 when nothing is active. */
  fraction: number;
  /** Set once, when the last transfer of a batch has ended: how the batch went. */
  finished?: { done: number; failed: number; cancelled: number };
}

export interface TransferManagerOptions {
  onChange(transfer: Transfer): void;
  onActivity?(activity: TransferActivity): void;
  /** Every failure, as the engine reported it (the controller ends the session on AUTH_REQUIRED). */
  onFailure?(error: VaultError): void;
  /** An error that was not a VaultError (a bug): logged, shown as INTERNAL. */
  onInternalError?(error: unknown): void;
  /** Transfers running at once (default 3). */
  concurrency?: number;
  /** The least time between two progress events of one transfer (default 100 ms: ≤ 10/s). */
  emitIntervalMs?: number;
  /** Finished transfers kept for the list (oldest dropped first; default 500). */
  maxKept?: number;
  now?: () => number;
}

interface Entry {
  transfer: Transfer;
  job: TransferJob;
  abort?: AbortController;
  /** Bumped by every run, so a late callback of an earlier run changes nothing. */
  runId: number;
  cancelRequested: boolean;
  speed: SpeedMeter;
  lastEmit: number;
  timer?: ReturnType<typeof setTimeout>;
  /** When the current run started (for the tally's average speed). */
  startedAt: number;
}

const ACTIVE = new Set<Transfer['state']>(['queued', 'running']);

export class TransferManager {
  private readonly entries = new Map<string, Entry>();
  private readonly batch = new Set<string>();
  private readonly idleWaiters: Array<() => void> = [];
  private running = 0;
  private nextId = 1;
  private readonly now: () => number;
  private readonly concurrency: number;
  private readonly interval: number;
  private readonly maxKept: number;
  /** What this session's transfers did, for the status panel. */
  readonly tally = new TransferTally();

  constructor(private readonly options: TransferManagerOptions) {
    this.now = options.now ?? Date.now;
    this.concurrency = Math.max(1, options.concurrency ?? 3);
    this.interval = options.emitIntervalMs ?? 100;
    this.maxKept = options.maxKept ?? 500;
  }

  /** Queues a job; returns its id. */
  add(job: TransferJob): string {
    const id = `t${this.nextId++}`;
    const entry: Entry = {
      transfer: {
        id,
        direction: job.direction,
        name: job.name,
        path: job.path,
        state: 'queued',
        bytes: 0,
        total: job.total ?? 0,
        bytesPerSecond: 0,
      },
      job,
      runId: 0,
      cancelRequested: false,
      speed: new SpeedMeter(),
      lastEmit: 0,
      startedAt: 0,
    };
    this.entries.set(id, entry);
    this.batch.add(id);
    this.evict();
    this.changed(entry, true);
    this.pump();
    return id;
  }

  /** Every transfer kept, oldest first. */
  list(): Transfer[] {
    return [...this.entries.values()].map((entry) => this.view(entry));
  }

  /** Cancels a queued or running transfer; a finished one is left as it is. */
  cancel(id: string): void {
    const entry = this.get(id);
    if (entry.transfer.state === 'queued') {
      entry.transfer.state = 'cancelled';
      this.changed(entry, true);
    } else if (entry.transfer.state === 'running') {
      // It becomes 'cancelled' when the engine has cleaned up (aborted its multipart upload, removed its temp file).
      entry.cancelRequested = true;
      entry.abort?.abort();
    }
  }

  /** Runs a failed or cancelled transfer again, from the start, with the same source and target. */
  retry(id: string): void {
    const entry = this.get(id);
    const { state } = entry.transfer;
    if (state !== 'failed' && state !== 'cancelled') {
      throw new VaultError('CONFLICT', 'Only a failed or cancelled transfer can be retried.');
    }
    Object.assign(entry.transfer, { state: 'queued', bytes: 0, bytesPerSecond: 0, error: undefined });
    delete entry.transfer.error;
    entry.cancelRequested = false;
    this.tally.retried();
    this.batch.add(id);
    this.changed(entry, true);
    this.pump();
  }

  /** Cancels everything active (sign-out, switching vaults). */
  cancelAll(): void {
    for (const entry of this.entries.values()) if (ACTIVE.has(entry.transfer.state)) this.cancel(entry.transfer.id);
  }

  /** Forgets every finished transfer (another person signed in). */
  clearFinished(): void {
    for (const [id, entry] of this.entries) {
      if (!ACTIVE.has(entry.transfer.state)) {
        clearTimeout(entry.timer);
        this.entries.delete(id);
      }
    }
  }

  /** Resolves when nothing is queued or running. */
  idle(): Promise<void> {
    if (this.activeCount() === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private get(id: string): Entry {
    const entry = this.entries.get(id);
    if (!entry) throw new VaultError('NOT_FOUND', 'This transfer is no longer in the list.');
    return entry;
  }

  private pump(): void {
    for (const entry of this.entries.values()) {
      if (this.running >= this.concurrency) return;
      if (entry.transfer.state === 'queued') this.start(entry);
    }
  }

  private start(entry: Entry): void {
    const runId = ++entry.runId;
    const abort = new AbortController();
    entry.abort = abort;
    entry.transfer.state = 'running';
    entry.startedAt = this.now();
    entry.speed.reset();
    entry.speed.record(this.now(), 0);
    this.running++;
    this.changed(entry, true);
    const current = () => entry.runId === runId && entry.transfer.state === 'running';
    let outcome: Promise<void>;
    try {
      outcome = entry.job.run({
        signal: abort.signal,
        progress: (bytes, total) => {
          if (!current()) return;
          entry.transfer.bytes = bytes;
          if (total > 0) entry.transfer.total = total;
          entry.speed.record(this.now(), bytes);
          this.changed(entry, false);
        },
      });
    } catch (error) {
      outcome = Promise.reject(error);
    }
    outcome.then(
      () => this.finish(entry, runId, undefined),
      (error: unknown) => this.finish(entry, runId, error ?? new Error('transfer failed')),
    );
  }

  private finish(entry: Entry, runId: number, error: unknown): void {
    if (entry.runId !== runId) return;
    this.running--;
    entry.abort = undefined;
    const { transfer } = entry;
    transfer.bytesPerSecond = 0;
    if (error === undefined) {
      transfer.state = 'done';
      transfer.total = Math.max(transfer.total, transfer.bytes);
      transfer.bytes = transfer.total;
    } else if (entry.cancelRequested || (error instanceof VaultError && error.code === 'CANCELLED')) {
      transfer.state = 'cancelled';
    } else {
      const reported =
        error instanceof VaultError
          ? error
          : new VaultError('INTERNAL', 'The transfer failed unexpectedly; the details are in the log.');
      if (!(error instanceof VaultError)) this.options.onInternalError?.(error);
      transfer.state = 'failed';
      transfer.error = { code: reported.code, message: reported.message };
      this.options.onFailure?.(reported);
    }
    this.tally.finished(transfer.state, transfer.bytes, this.now() - entry.startedAt);
    this.changed(entry, true);
    this.pump();
  }

  /** Emits now (state changes, or when the interval has passed) or once the interval has passed. */
  private changed(entry: Entry, stateChanged: boolean): void {
    const now = this.now();
    const since = now - entry.lastEmit;
    if (stateChanged || since >= this.interval) {
      clearTimeout(entry.timer);
      entry.timer = undefined;
      this.emit(entry);
    } else if (!entry.timer) {
      entry.timer = setTimeout(() => {
        entry.timer = undefined;
        this.emit(entry);
      }, this.interval - since);
      entry.timer.unref?.();
    }
  }

  private emit(entry: Entry): void {
    entry.lastEmit = this.now();
    if (entry.transfer.state === 'running') entry.transfer.bytesPerSecond = entry.speed.bytesPerSecond(this.now());
    this.options.onChange(this.view(entry));
    this.reportActivity();
  }

  private reportActivity(): void {
    const active = this.activeCount();
    const members = [...this.batch].map((id) => this.entries.get(id)).filter((entry) => entry !== undefined);
    if (active > 0) {
      let bytes = 0;
      let total = 0;
      for (const { transfer } of members) {
        const size = Math.max(transfer.total, transfer.bytes);
        total += size;
        bytes += ACTIVE.has(transfer.state) ? transfer.bytes : size;
      }
      this.options.onActivity?.({ active, fraction: total > 0 ? Math.min(1, bytes / total) : 0 });
      return;
    }
    if (this.batch.size > 0) {
      const count = (state: Transfer['state']) => members.filter((entry) => entry.transfer.state === state).length;
      this.batch.clear();
      this.options.onActivity?.({
        active: 0,
        fraction: -1,
        finished: { done: count('done'), failed: count('failed'), cancelled: count('cancelled') },
      });
    }
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private activeCount(): number {
    let active = 0;
    for (const entry of this.entries.values()) if (ACTIVE.has(entry.transfer.state)) active++;
    return active;
  }

  private evict(): void {
    for (const [id, entry] of this.entries) {
      if (this.entries.size <= this.maxKept) return;
      if (!ACTIVE.has(entry.transfer.state)) {
        clearTimeout(entry.timer);
        this.entries.delete(id);
      }
    }
  }

  private view(entry: Entry): Transfer {
    const { error, ...rest } = entry.transfer;
    return error ? { ...rest, error: { ...error } } : { ...rest };
  }
}
