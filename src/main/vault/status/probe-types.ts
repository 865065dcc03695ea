/**
 * What a status probe reports: one health check (bucket, user pool, key, …)
 * with its state and a sentence for a person. The shape crosses IPC as is
 * (see the contract's `status.check`), so it holds no secret.
 */

/** ok: nothing to do; warning: works, but something should be looked at; error: broken now. */
export type ProbeState = 'ok' | 'warning' | 'error';

/** Flat facts shown under a probe (numbers stay numbers, for the CLI's JSON). */
export type ProbeDetails = Record<string, string | number>;

/** One probe's answer. */
export interface ProbeResult {
  id: string;
  name: string;
  state: ProbeState;
  /** A sentence a person understands, saying what is wrong (or that nothing is). */
  reason: string;
  details?: ProbeDetails;
  /** How long the probe took. */
  latencyMs: number;
  /** ISO 8601. */
  checkedAt: string;
}

/** What a probe's body returns; the runner adds id, name, latency and time. */
export interface ProbeOutcome {
  state: ProbeState;
  reason: string;
  details?: ProbeDetails;
}

/** What every probe body gets: a signal aborted at its timeout (pass it to SDK calls) and the clock. */
export interface ProbeContext {
  signal: AbortSignal;
  now: () => number;
}

/** A named check. `run` may throw: the runner turns a throw into an error result. */
export interface Probe {
  id: string;
  name: string;
  run(context: ProbeContext): Promise<ProbeOutcome>;
}

/** The worst of several states (error > warning > ok). */
export function worstState(states: readonly ProbeState[]): ProbeState {
  if (states.includes('error')) return 'error';
  return states.includes('warning') ? 'warning' : 'ok';
}
