/**
 * A transfer's speed over the last few seconds: what a person watching a
 * progress bar expects (a stall shows within seconds; one slow second does
 * not swing the number).
 */
export const SPEED_WINDOW_MS = 3000;

export class SpeedMeter {
  private samples: Array<{ at: number; bytes: number }> = [];

  constructor(private readonly windowMs = SPEED_WINDOW_MS) {}

  /** Records that `bytes` (a running total) had moved at `at` (ms). */
  record(at: number, bytes: number): void {
    this.samples.push({ at, bytes });
    this.trim(at);
  }

  /** Bytes per second over the window ending at `at` (0 until two samples span some time). */
  bytesPerSecond(at: number): number {
    this.trim(at);
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || at <= first.at) return 0;
    return Math.max(0, Math.round(((last.bytes - first.bytes) * 1000) / (at - first.at)));
  }

  reset(): void {
    this.samples = [];
  }

  /** Keeps one sample at or before the window's start, so the window is always measured whole. */
  private trim(at: number): void {
    while (this.samples.length > 1 && this.samples[1]!.at <= at - this.windowMs) this.samples.shift();
  }
}
