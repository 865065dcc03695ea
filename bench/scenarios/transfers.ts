/**
 * Up and down, for each tool on the same source, rounds alternating the
 * tools' order: `s3vault put`/`get`, rclone copy through the crypt remote,
 * `aws s3 cp`. Every download is checked against the source's SHA-256; each
 * round writes to a fresh place, and is deleted (untimed) afterwards.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { s3vault } from '../backend';
import { rotation, type BenchContext } from '../context';
import { sha256File, sha256Folder } from '../fixtures';
import type { Measured } from '../measure';
import type { Tool } from '../recorder';

/** What is moved: one file, or a folder of files. */
export interface TransferSource {
  scenario: string;
  /** A file or a folder on disk. */
  local: string;
  kind: 'file' | 'folder';
  /** Total bytes moved per run. */
  bytes: number;
  /** Files moved per run. */
  items: number;
  rounds: number;
}

interface TransferTool {
  tool: Tool;
  up(round: number): Promise<Measured>;
  down(round: number, target: string): Promise<Measured>;
  cleanup(round: number): Promise<void>;
}

/** Runs the scenario and records it. */
export async function runTransfers(ctx: BenchContext, source: TransferSource): Promise<void> {
  const name = path.basename(source.local);
  const expected = source.kind === 'file' ? await sha256File(source.local) : sha256Folder(source.local);
  const downloads = path.join(ctx.work, 'downloads');
  mkdirSync(downloads, { recursive: true });
  const own = `private/${ctx.vault.identityId}`;
  const folderFlag = source.kind === 'folder' ? ['--recursive'] : [];
  const rcloneCopy = source.kind === 'folder' ? 'copy' : 'copyto';
  // Before a single-file upload rclone HEADs the target; a member gets 403 for a missing key (no
  // bucket-wide s3:ListBucket, as on AWS), so rclone would fail. The target is fresh each round anyway.
  const rcloneUpFlags = source.kind === 'file' ? ['--no-check-dest'] : [];

  const tools: TransferTool[] = [
    {
      tool: 's3vault',
      up: (round) => s3vault(ctx.vault, ['put', source.local, '--to', `r${round}`]),
      down: (round, target) => s3vault(ctx.vault, ['get', `r${round}/${name}`, '--out', target]),
      cleanup: async (round) => void (await s3vault(ctx.vault, ['rm', `r${round}`, '--recursive'])),
    },
    {
      tool: 'rclone-crypt',
      up: async (round) =>
        (await ctx.peers()).rclone([rcloneCopy, '-q', ...rcloneUpFlags, source.local, `vcrypt:r${round}/${name}`]),
      down: async (round, target) => (await ctx.peers()).rclone([rcloneCopy, '-q', `vcrypt:r${round}/${name}`, target]),
      cleanup: () => ctx.removePrefix(`${own}/bench-rclone/`),
    },
    {
      tool: 'aws-cli',
      up: async (round) => {
        const peers = await ctx.peers();
        return peers.aws([
          's3',
          'cp',
          source.local,
          `${peers.awsBase}/r${round}/${name}`,
          ...folderFlag,
          '--only-show-errors',
        ]);
      },
      down: async (round, target) => {
        const peers = await ctx.peers();
        return peers.aws([
          's3',
          'cp',
          `${peers.awsBase}/r${round}/${name}`,
          target,
          ...folderFlag,
          '--only-show-errors',
        ]);
      },
      cleanup: () => ctx.removePrefix(`${own}/bench-aws/`),
    },
  ];

  const facts = { bytes: source.bytes, items: source.items };
  for (let round = 1; round <= source.rounds; round++) {
    for (const tool of rotation(tools, round - 1)) {
      ctx.log(`${source.scenario} round ${round}: ${tool.tool}`);
      const up = await tool.up(round);
      ctx.recorder.addRun({ scenario: source.scenario, op: 'upload', tool: tool.tool }, up, facts);
      const target = path.join(downloads, `${tool.tool}-${round}-${name}`);
      const down = await tool.down(round, target);
      const key = { scenario: source.scenario, op: 'download', tool: tool.tool } as const;
      ctx.recorder.addRun(key, down, facts);
      const actual = source.kind === 'file' ? await sha256File(target) : sha256Folder(target);
      ctx.recorder.verify(key, actual === expected);
      if (actual !== expected) ctx.log(`WRONG COPY: ${tool.tool} round ${round} of ${source.scenario}`);
      ctx.removeLocal(target);
      await tool.cleanup(round);
    }
  }
}
