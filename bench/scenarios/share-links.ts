/**
 * Share links for many files: `s3vault share` once per file (a process
 * each, as a script would run it), the same through the engine in one
 * process (bench/engine-share.ts), and `aws s3 presign` once per file.
 * Processes run one after another, for the first `shareProcesses` files
 * only (see config.ts): the per-link rate is what they show. Every link is fetched afterwards
 * (untimed): it must give the file's bytes (S3 Vault's are ciphertext, so
 * only the status and a non-empty body are checked for them).
 */
import path from 'node:path';
import { s3vault } from '../backend';
import type { BenchContext } from '../context';
import { writeFolder } from '../fixtures';
import { measure, type Measured } from '../measure';
import type { Tool } from '../recorder';

const SCENARIO = 'share links';

/** The one-process engine form, built beside the bench by bench/run.mjs. */
const ENGINE_SHARE = path.resolve('dist/bench/engine-share.cjs');

/** Uploads `shareLinks` tiny files with each tool (untimed), then makes a link for each. */
export async function runShareLinks(ctx: BenchContext): Promise<void> {
  const count = ctx.config.shareLinks;
  const local = path.join(ctx.work, 'links');
  writeFolder(local, count, 64);
  const names = Array.from({ length: count }, (_, index) => `f${String(index).padStart(5, '0')}.bin`);
  const peers = await ctx.peers();
  await s3vault(ctx.vault, ['put', local]);
  await peers.aws(['s3', 'cp', local, `${peers.awsBase}/links`, '--recursive', '--only-show-errors']);

  const perProcess = async (tool: Tool, one: (name: string) => Promise<Measured>, urlOf: (out: string) => string) => {
    ctx.log(`${SCENARIO}: ${ctx.config.shareProcesses} × ${tool}`);
    const started = performance.now();
    let peak = 0;
    const urls: string[] = [];
    for (const name of names.slice(0, ctx.config.shareProcesses)) {
      const run = await one(name);
      peak = Math.max(peak, run.peakRss);
      urls.push(urlOf(run.stdout));
    }
    const key = { scenario: SCENARIO, op: 'a process per link', tool };
    ctx.recorder.add(key, { ms: performance.now() - started, peakRss: peak }, { items: urls.length });
    ctx.recorder.verify(key, await allFetch(urls));
  };

  await perProcess(
    's3vault',
    (name) => s3vault(ctx.vault, ['share', `links/${name}`, '--json']),
    (out) => (JSON.parse(out) as { url: string }).url,
  );

  ctx.log(`${SCENARIO}: ${count} in one engine process`);
  const engine = await measure({
    command: process.execPath,
    args: [ENGINE_SHARE],
    env: ctx.vault.env,
    input: names.map((name) => `links/${name}\n`).join(''),
  });
  const urls = engine.stdout.trim().split('\n');
  const key = { scenario: SCENARIO, op: 'one process', tool: 's3vault-engine' } as const;
  ctx.recorder.addRun(key, engine, { items: count });
  ctx.recorder.verify(key, urls.length === count && (await allFetch(urls)));

  await perProcess(
    'aws-cli',
    async (name) =>
      (await ctx.peers()).aws(['s3', 'presign', `${peers.awsBase}/links/${name}`, '--expires-in', '3600']),
    (out) => out.trim(),
  );
  ctx.removeLocal(local);
}

/** Whether every URL answers 200 with a body. */
async function allFetch(urls: string[]): Promise<boolean> {
  for (const url of urls) {
    const response = await fetch(url);
    const body = await response.arrayBuffer();
    if (response.status !== 200 || body.byteLength === 0) return false;
  }
  return true;
}
