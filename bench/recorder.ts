/**
 * Collects the bench's measurements, one sample per round, and summarizes
 * them per scenario, operation and tool: time, throughput, peak RSS, CPU time
 * (the tool's and the backend's), and whether every copy was checked correct.
 */
import type { Measured } from './measure';
import { mbPerSecond, round3, spread, type Spread } from './stats';

/** The tools compared. */
export type Tool = 's3vault' | 's3vault-engine' | 'rclone-crypt' | 'aws-cli' | 'ceiling';

/** One summarized line: a scenario's operation by one tool over every round. */
export interface Row {
  scenario: string;
  op: string;
  tool: Tool;
  /** Bytes moved per run (for throughput), when that makes sense. */
  bytes?: number;
  /** Files (or links, or sign-ins) per run. */
  items?: number;
  ms: Spread;
  /** MB/s (10^6 bytes) at the median time. */
  mbPerS?: number;
  /** Items per second at the median time. */
  itemsPerS?: number;
  /** Peak RSS of the process, bytes (the largest of the run's processes when a run has several). */
  peakRss?: Spread;
  /** User + system CPU time of the tool's processes, ms (runs measured one process at a time). */
  cpuMs?: Spread;
  /** CPU time the local backend spent during the runs, ms. */
  backendCpuMs?: Spread;
  /** Every copy this tool made was checked (SHA-256) and right; undefined when nothing is copied. */
  verified?: boolean;
  note?: string;
}

interface Entry {
  row: Omit<Row, 'ms' | 'peakRss' | 'mbPerS' | 'itemsPerS' | 'cpuMs' | 'backendCpuMs'>;
  ms: number[];
  rss: number[];
  cpu: number[];
  backendCpu: number[];
}

/** Accumulates samples; `rows()` summarizes them. */
export class Recorder {
  private readonly entries = new Map<string, Entry>();

  /** Adds one run (or one batch of runs measured together as `ms`, with their largest RSS). */
  add(
    key: { scenario: string; op: string; tool: Tool },
    sample: { ms: number; peakRss?: number; cpuMs?: number; backendCpuMs?: number },
    facts: { bytes?: number; items?: number; note?: string } = {},
  ): void {
    const id = `${key.scenario}\n${key.op}\n${key.tool}`;
    let entry = this.entries.get(id);
    if (!entry) {
      entry = { row: { ...key, ...facts }, ms: [], rss: [], cpu: [], backendCpu: [] };
      this.entries.set(id, entry);
    }
    entry.ms.push(sample.ms);
    if (sample.peakRss !== undefined && sample.peakRss > 0) entry.rss.push(sample.peakRss);
    if (sample.cpuMs !== undefined && sample.cpuMs > 0) entry.cpu.push(sample.cpuMs);
    if (sample.backendCpuMs !== undefined) entry.backendCpu.push(sample.backendCpuMs);
  }

  /** Adds one measured process run. */
  addRun(
    key: { scenario: string; op: string; tool: Tool },
    run: Measured,
    facts: { bytes?: number; items?: number } = {},
  ) {
    this.add(key, run, facts);
  }

  /** Marks whether a tool's copies were right (false sticks: one bad copy fails the tool). */
  verify(key: { scenario: string; op: string; tool: Tool }, ok: boolean): void {
    const entry = this.entries.get(`${key.scenario}\n${key.op}\n${key.tool}`);
    if (entry) entry.row.verified = entry.row.verified === false ? false : ok;
  }

  /** Every row, summarized. */
  rows(): Row[] {
    return [...this.entries.values()].map(({ row, ms, rss, cpu, backendCpu }) => {
      const time = spread(ms.map(round3));
      return {
        ...row,
        ms: time,
        mbPerS: row.bytes ? round3(mbPerSecond(row.bytes, time.median)) : undefined,
        itemsPerS: row.items ? round3(row.items / (time.median / 1000)) : undefined,
        peakRss: rss.length ? spread(rss) : undefined,
        cpuMs: cpu.length ? spread(cpu) : undefined,
        backendCpuMs: backendCpu.length ? spread(backendCpu) : undefined,
      };
    });
  }
}
