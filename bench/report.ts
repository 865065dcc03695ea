/**
 * The bench's results: ratios of S3 Vault against each peer, the goals of
 * issue #8 checked against the figures, one JSON file, and a short table.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { format } from 'prettier';
import type { Row, Tool } from './recorder';
import { round3 } from './stats';

/**
 * S3 Vault's speed ÷ a peer's on the same operation (the peer's median time ÷
 * S3 Vault's): above 1, S3 Vault was faster.
 */
export interface Ratio {
  scenario: string;
  op: string;
  vsRcloneCrypt?: number;
  vsAwsCli?: number;
}

/** One goal of the issue and whether the figures meet it. */
export interface Goal {
  goal: string;
  met: boolean;
  figures: string;
}

const MB = 1e6;

/** The ratios of every operation S3 Vault's CLI and a peer both ran. */
export function ratios(rows: Row[]): Ratio[] {
  const find = (scenario: string, op: string, tool: Tool) =>
    rows.find((row) => row.scenario === scenario && row.op === op && row.tool === tool);
  return rows
    .filter((row) => row.tool === 's3vault')
    .map((vault) => {
      const vs = (tool: Tool) => {
        const peer = find(vault.scenario, vault.op, tool);
        return peer ? round3(peer.ms.median / vault.ms.median) : undefined;
      };
      return { scenario: vault.scenario, op: vault.op, vsRcloneCrypt: vs('rclone-crypt'), vsAwsCli: vs('aws-cli') };
    })
    .filter((ratio) => ratio.vsRcloneCrypt !== undefined || ratio.vsAwsCli !== undefined);
}

/** The targets, checked. */
export function goals(rows: Row[], all: Ratio[]): Goal[] {
  const out: Goal[] = [];
  const ratioOf = (scenario: string, op: string) => all.find((r) => r.scenario === scenario && r.op === op);
  for (const [scenario, floor] of [
    ['large file', 1],
    ['small files', 0.8],
  ] as const) {
    for (const op of ['upload', 'download']) {
      const ratio = ratioOf(scenario, op)?.vsRcloneCrypt;
      if (ratio === undefined) continue;
      const bound = nodeFloorRatio(rows, scenario, op);
      out.push({
        goal: `${scenario} ${op}: S3 Vault ≥ ${floor} × rclone-crypt`,
        met: ratio >= floor,
        figures: `${ratio} × rclone-crypt` + (bound === undefined ? '' : `; the fastest Node.js floor: ${bound} ×`),
      });
    }
  }
  const scenarios = [...new Set(rows.filter((row) => row.tool === 's3vault').map((row) => row.scenario))];
  for (const scenario of scenarios) {
    const peak = Math.max(
      ...rows.filter((row) => row.tool === 's3vault' && row.scenario === scenario).map((row) => row.peakRss?.max ?? 0),
    );
    out.push({
      goal: `${scenario}: S3 Vault CLI peak RSS < 200 MB`,
      met: peak < 200 * MB,
      figures: `${round3(peak / MB)} MB`,
    });
  }
  const wrong = rows.filter((row) => row.verified === false);
  out.push({
    goal: 'every copy, listing and link checked correct',
    met: wrong.length === 0,
    figures: wrong.length ? wrong.map((row) => `${row.tool} ${row.scenario} ${row.op}`).join('; ') : 'all correct',
  });
  return out;
}

/** The Node.js floors (scenarios/node-floors.ts) that do what each transfer does, by their op's words. */
const FLOORS_OF: Record<string, RegExp> = {
  'large file download': /^Node floor: (GET|the same in)/,
  'small files upload': /^Node floor: .* PUT/,
  'small files download': /^Node floor: .* GET, each to a new file/,
};

/**
 * The fastest matching Node.js floor's speed ÷ rclone-crypt's on the same
 * transfer: below 1, no Node.js client could have met a goal of 1 × rclone-crypt.
 */
function nodeFloorRatio(rows: Row[], scenario: string, op: string): number | undefined {
  const pattern = FLOORS_OF[`${scenario} ${op}`];
  const peer = rows.find((row) => row.scenario === scenario && row.op === op && row.tool === 'rclone-crypt');
  const floors = rows.filter((row) => row.scenario === 'ceilings' && pattern?.test(row.op));
  if (!peer || floors.length === 0) return undefined;
  return round3(peer.ms.median / Math.min(...floors.map((row) => row.ms.median)));
}

/**
 * Writes `bench/results/<date>.json` ($S3VAULT_BENCH_OUT/<date>.json if set; the time too, so runs on one day do not
 * overwrite), formatted as the repository's Prettier check expects. Returns its path.
 */
export async function writeResults(results: object, now: Date): Promise<string> {
  // S3VAULT_BENCH_OUT: elsewhere (the integration test's scratch folder), so a test leaves no results behind.
  const dir = path.resolve(process.env.S3VAULT_BENCH_OUT ?? 'bench/results');
  mkdirSync(dir, { recursive: true });
  const stamp = now
    .toISOString()
    .replace(/:/g, '-')
    .replace(/\.\d+Z$/, 'Z');
  const file = path.join(dir, `${stamp}.json`);
  writeFileSync(file, await format(JSON.stringify(results), { parser: 'json' }));
  return file;
}

/** Median CPU seconds of the tool and of the backend (which share the machine's cores), e.g. "2.61+0.58". */
function cpuCell(row: Row): string {
  if (!row.cpuMs) return '';
  const backend = row.backendCpuMs ? `+${round3(row.backendCpuMs.median / 1000)}` : '';
  return `${round3(row.cpuMs.median / 1000)}${backend}`;
}

/** The short table: one line per operation and tool. */
export function table(rows: Row[], all: Ratio[]): string {
  const header = [
    'scenario',
    'op',
    'tool',
    'median s',
    'min–max s',
    'rate',
    'peak RSS',
    'CPU s tool+backend',
    '÷rclone',
    '÷aws',
    'ok',
  ];
  const lines = rows.map((row) => {
    const ratio = row.tool === 's3vault' ? all.find((r) => r.scenario === row.scenario && r.op === row.op) : undefined;
    const rate =
      row.mbPerS !== undefined ? `${row.mbPerS} MB/s` : row.itemsPerS !== undefined ? `${row.itemsPerS} /s` : '';
    return [
      row.scenario,
      row.op,
      row.tool,
      String(round3(row.ms.median / 1000)),
      `${round3(row.ms.min / 1000)}–${round3(row.ms.max / 1000)}`,
      rate,
      row.peakRss ? `${round3(row.peakRss.max / MB)} MB` : '',
      cpuCell(row),
      ratio?.vsRcloneCrypt !== undefined ? `${ratio.vsRcloneCrypt}` : '',
      ratio?.vsAwsCli !== undefined ? `${ratio.vsAwsCli}` : '',
      row.verified === undefined ? '' : row.verified ? 'yes' : 'WRONG',
    ];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const format = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  return [format(header), format(widths.map((width) => '-'.repeat(width))), ...lines.map(format)].join('\n');
}
