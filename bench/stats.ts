/** Medians and spreads of repeated runs, and throughput from them. */

/** One figure over several rounds. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  samples: number[];
}

/** The median (mean of the middle two for an even count), min and max of `samples`. */
export function spread(samples: number[]): Spread {
  if (samples.length === 0) return { median: NaN, min: NaN, max: NaN, samples };
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, samples };
}

/** Megabytes (10^6 bytes) per second for `bytes` moved in `ms`. */
export function mbPerSecond(bytes: number, ms: number): number {
  return bytes / 1e6 / (ms / 1000);
}

/** Rounds for the JSON file and the table: three significant figures are all the noise allows. */
export function round3(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value))));
  return Number(value.toFixed(digits));
}
