/**
 * `npm run bench`: S3 Vault's CLI beside rclone (crypt) and the AWS CLI on
 * the same local backend, the same files and the same run, with this
 * machine's ceilings (DESIGN §8). Options: --quick (small sizes, one round),
 * --rounds N, --large-rounds N, --large-mib N, --only a,b (scenarios: ceilings, large,
 * small, listing, sign-in, share), --keep (leave the scratch folder).
 * Writes bench/results/<time>.json and prints its path and a table.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBenchVault } from './backend';
import { configFrom, selectedScenarios } from './config';
import { createContext } from './context';
import { writeFolder, writeRandomFile } from './fixtures';
import { AWS, RCLONE } from './peers';
import { Recorder } from './recorder';
import { goals, ratios, table, writeResults } from './report';
import { runCeilings } from './scenarios/ceilings';
import { runListing } from './scenarios/listing';
import { runShareLinks } from './scenarios/share-links';
import { runSignIn } from './scenarios/sign-in';
import { runTransfers } from './scenarios/transfers';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const config = configFrom(argv, process.env);
  const only = selectedScenarios(argv);
  const wanted = (name: string) => !only || only.has(name);
  const started = new Date();
  const work = mkdtempSync(path.join(os.tmpdir(), 's3vault-bench-'));
  const machine = machineFacts();
  const recorder = new Recorder();
  const vault = await startBenchVault(work);
  const ctx = createContext({ config, vault, work, recorder });
  ctx.log(`${config.name} run in ${work}; load ${machine.loadAverage.join(' ')}`);
  try {
    const big = path.join(work, 'big.bin');
    if (wanted('ceilings') || wanted('large')) {
      writeRandomFile(big, Math.max(config.largeFileBytes, config.ceilingBytes));
    }
    if (wanted('ceilings')) await runCeilings(ctx, big, Math.max(config.largeFileBytes, config.ceilingBytes));
    if (wanted('large')) {
      if (config.ceilingBytes > config.largeFileBytes) writeRandomFile(big, config.largeFileBytes);
      await runTransfers(ctx, {
        scenario: 'large file',
        local: big,
        kind: 'file',
        bytes: config.largeFileBytes,
        items: 1,
        rounds: config.largeRounds,
      });
    }
    ctx.removeLocal(big);
    if (wanted('small')) {
      const small = path.join(work, 'small');
      writeFolder(small, config.smallFiles, config.smallFileBytes);
      await runTransfers(ctx, {
        scenario: 'small files',
        local: small,
        kind: 'folder',
        bytes: config.smallFiles * config.smallFileBytes,
        items: config.smallFiles,
        rounds: config.rounds,
      });
      ctx.removeLocal(small);
    }
    if (wanted('listing')) await runListing(ctx);
    if (wanted('sign-in')) await runSignIn(ctx);
    if (wanted('share')) await runShareLinks(ctx);
  } finally {
    await vault.stop();
    if (!argv.includes('--keep')) rmSync(work, { recursive: true, force: true });
  }

  const rows = recorder.rows();
  const allRatios = ratios(rows);
  const checked = goals(rows, allRatios);
  const finished = new Date();
  const file = await writeResults(
    {
      started: started.toISOString(),
      seconds: Math.round((finished.getTime() - started.getTime()) / 1000),
      config,
      machine: { ...machine, loadAverageAtEnd: os.loadavg().map((load) => Number(load.toFixed(2))) },
      notes: [
        'ratios are S3 Vault speed ÷ peer speed (peer median time ÷ S3 Vault median time): above 1, S3 Vault was faster',
        'MB = 10^6 bytes; peak RSS from /usr/bin/time -f %M (largest of each run; for share links, of all its processes)',
        'all tools use the same user’s temporary credentials (rclone: session_token in its s3 remote)',
      ],
      rows,
      ratios: allRatios,
      goals: checked,
    },
    started,
  );
  console.log(table(rows, allRatios));
  console.log('');
  for (const goal of checked) console.log(`${goal.met ? 'met    ' : 'NOT MET'}  ${goal.goal}: ${goal.figures}`);
  console.log(`\nresults: ${file}`);
  if (checked.some((goal) => !goal.met && goal.goal.startsWith('every copy'))) process.exitCode = 1;
}

/** What the figures depend on: CPU, memory, versions, and how busy the machine was. */
function machineFacts() {
  const version = (command: string, args: string[]) => {
    try {
      return execFileSync(command, args, { encoding: 'utf8' }).split('\n')[0]!.trim();
    } catch {
      return 'missing';
    }
  };
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    rclone: version(RCLONE, ['version']),
    awsCli: version(AWS, ['--version']),
    loadAverage: os.loadavg().map((load) => Number(load.toFixed(2))),
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
