/**
 * Listing a folder of many files. Creating it is measured on its own (real
 * encrypted uploads of tiny files for S3 Vault, through each tool's own
 * folder copy), then each tool lists it, rounds alternating the tools:
 * `s3vault ls` (names decrypted, sizes), `rclone lsl` on the crypt remote
 * (names decrypted, sizes, times), `aws s3 ls` (plain names). Each listing
 * must show exactly the folder's files.
 */
import path from 'node:path';
import { s3vault } from '../backend';
import { rotation, type BenchContext } from '../context';
import { writeFolder } from '../fixtures';
import type { Measured } from '../measure';
import type { Tool } from '../recorder';

const SCENARIO = 'listing';

/** Creates the folder with each tool, then lists it `rounds` times per tool. */
export async function runListing(ctx: BenchContext): Promise<void> {
  const { listingFiles: count, listingFileBytes } = ctx.config;
  const local = path.join(ctx.work, 'list');
  writeFolder(local, count, listingFileBytes);
  const peers = await ctx.peers();

  const tools: Array<{
    tool: Tool;
    create(): Promise<Measured>;
    list(): Promise<Measured>;
    count(out: string): number;
  }> = [
    {
      tool: 's3vault',
      create: () => s3vault(ctx.vault, ['put', local]),
      list: () => s3vault(ctx.vault, ['ls', 'list', '--json']),
      count: (out) => (JSON.parse(out) as { entries: unknown[] }).entries.length,
    },
    {
      tool: 'rclone-crypt',
      create: async () => (await ctx.peers()).rclone(['copy', '-q', local, 'vcrypt:list']),
      list: async () => (await ctx.peers()).rclone(['lsl', 'vcrypt:list']),
      count: lines,
    },
    {
      tool: 'aws-cli',
      create: async () =>
        (await ctx.peers()).aws(['s3', 'cp', local, `${peers.awsBase}/list`, '--recursive', '--only-show-errors']),
      list: async () => (await ctx.peers()).aws(['s3', 'ls', `${peers.awsBase}/list/`]),
      count: lines,
    },
  ];

  for (const tool of tools) {
    ctx.log(`${SCENARIO}: creating ${count} files with ${tool.tool}`);
    const run = await tool.create();
    ctx.recorder.addRun({ scenario: SCENARIO, op: 'create', tool: tool.tool }, run, { items: count });
  }
  for (let round = 1; round <= ctx.config.rounds; round++) {
    for (const tool of rotation(tools, round - 1)) {
      ctx.log(`${SCENARIO} round ${round}: ${tool.tool}`);
      const run = await tool.list();
      const key = { scenario: SCENARIO, op: 'list', tool: tool.tool } as const;
      ctx.recorder.addRun(key, run, { items: count });
      const shown = tool.count(run.stdout);
      ctx.recorder.verify(key, shown === count);
      if (shown !== count) ctx.log(`WRONG LISTING: ${tool.tool} showed ${shown} of ${count}`);
    }
  }
  ctx.removeLocal(local);
}

function lines(out: string): number {
  return out.split('\n').filter((line) => line.trim() !== '').length;
}
