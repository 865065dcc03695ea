/**
 * Runs status probes side by side, each with its own deadline, and never
 * throws: a probe that fails becomes an 'error' result with its reason, and
 * one that does not answer in time becomes "did not answer within N s" while
 * the others still report (DESIGN §2: status never blocks the UI).
 */
import { VaultError } from '../errors';
import type { Probe, ProbeContext, ProbeOutcome, ProbeResult } from './probe-types';

export interface RunProbesOptions {
  /** Per probe (default 5000). */
  timeoutMs?: number;
  /** Epoch ms, for `checkedAt` and the probes' own time checks (tests inject a clock). */
  now?: () => number;
}

/** The default deadline of one probe. */
export const PROBE_TIMEOUT_MS = 5000;

/** Every probe's result, in the order given. */
export function runProbes(probes: readonly Probe[], options: RunProbesOptions = {}): Promise<ProbeResult[]> {
  return Promise.all(probes.map((probe) => runProbe(probe, options)));
}

async function runProbe(probe: Probe, options: RunProbesOptions): Promise<ProbeResult> {
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? PROBE_TIMEOUT_MS;
  const abort = new AbortController();
  const started = performance.now();
  const checkedAt = new Date(now()).toISOString();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<ProbeOutcome>((resolve) => {
    timer = setTimeout(() => {
      // Abort the probe's requests too, so a hung one does not linger after we answered.
      abort.abort();
      resolve({ state: 'error', reason: `${probe.name} did not answer within ${formatSeconds(timeoutMs)}.` });
    }, timeoutMs);
  });
  const context: ProbeContext = { signal: abort.signal, now };
  let outcome: ProbeOutcome;
  try {
    outcome = await Promise.race([
      Promise.resolve()
        .then(() => probe.run(context))
        .catch((error: unknown) => failure(error)),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
  }
  return {
    id: probe.id,
    name: probe.name,
    ...outcome,
    latencyMs: Math.round(performance.now() - started),
    checkedAt,
  };
}

/** A thrown error as an error outcome: a VaultError's sentence is already written for people. */
function failure(error: unknown): ProbeOutcome {
  if (error instanceof VaultError) return { state: 'error', reason: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { state: 'error', reason: `The check failed unexpectedly: ${message}` };
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
