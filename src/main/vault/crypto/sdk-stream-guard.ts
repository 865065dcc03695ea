import { Duplex } from 'node:stream';
import type { VaultError } from '../errors';

/** How a {@link SdkStreamGuard} treats the Encryption SDK stream it wraps. */
export interface GuardHooks {
  /** Every error leaving the guard goes through this. */
  toVaultError(error: unknown): VaultError;
  /**
   * Lets go of the SDK stream when the guard is destroyed before the SDK
   * stream finished (a cancel or an error).
   */
  release(inner: Duplex): void;
  /** Sees each chunk before the SDK does; throwing fails the stream. */
  onWrite?(chunk: Buffer): void;
  /** Runs when all input was written; throwing fails the stream. */
  onFinal?(): void;
}

/**
 * A Duplex in front of an Encryption SDK stream: the only consumer of the SDK
 * stream, with backpressure both ways, so that callers see one well-behaved
 * Node stream whose errors are VaultErrors, whatever the SDK emits.
 */
export class SdkStreamGuard extends Duplex {
  readonly #inner: Duplex;
  readonly #hooks: GuardHooks;
  #innerEnded = false;

  constructor(inner: Duplex, hooks: GuardHooks) {
    super();
    this.#inner = inner;
    this.#hooks = hooks;
    inner.on('data', (chunk: Buffer) => {
      if (this.destroyed) return;
      if (!this.push(chunk)) inner.pause();
    });
    inner.on('end', () => {
      this.#innerEnded = true;
      if (!this.destroyed) this.push(null);
    });
    // Stays attached for the SDK stream's whole life: it may still emit after
    // we let go of it, and an 'error' without a listener would crash the process.
    inner.on('error', (error: unknown) => {
      if (!this.destroyed) this.destroy(hooks.toVaultError(error));
    });
    inner.on('close', () => {
      if (!this.#innerEnded && !this.destroyed) this.destroy(hooks.toVaultError(new Error('Stream closed early')));
    });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    try {
      this.#hooks.onWrite?.(chunk);
    } catch (error) {
      callback(this.#hooks.toVaultError(error));
      return;
    }
    if (this.#inner.write(chunk)) callback();
    else this.#inner.once('drain', () => callback());
  }

  override _final(callback: (error?: Error | null) => void): void {
    try {
      this.#hooks.onFinal?.();
    } catch (error) {
      callback(this.#hooks.toVaultError(error));
      return;
    }
    this.#inner.end();
    callback();
  }

  override _read(): void {
    this.#inner.resume();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.#innerEnded) this.#hooks.release(this.#inner);
    callback(error);
  }
}
