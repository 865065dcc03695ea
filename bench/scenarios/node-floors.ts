/**
 * Node.js floors: the least any Node client does for the transfers the CLI
 * makes, run as a process of its own (bench/node-floor.ts) and measured like
 * the tools (wall time, CPU, peak RSS, the backend's CPU meanwhile). Every
 * request is pre-signed before the process starts, so the floor has no SDK,
 * no signing, no retries, no checks and no durability. A peer faster than a
 * floor is faster than any Node client can be on this machine.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { BenchContext } from '../context';
import { measure } from '../measure';

/** Long enough for the requests of a round, signed up front. */
const URL_SECONDS = 3600;
const FLOOR_CLIENT = path.join('dist', 'bench', 'node-floor.cjs');

export interface FloorTarget {
  s3: S3Client;
  bucket: string;
}

/** Runs the floor client with `args` and records it as the ceiling `op`. */
async function runFloor(ctx: BenchContext, op: string, args: string[], bytes: number): Promise<void> {
  ctx.log(`ceilings: ${op}`);
  const run = await measure({ command: process.execPath, args: [FLOOR_CLIENT, ...args] });
  ctx.recorder.addRun({ scenario: 'ceilings', op, tool: 'ceiling' }, run, { bytes });
}

/**
 * One GET of the plain object `key` (`bytes` long), every chunk through
 * AES-256-GCM and written at once with a blocking write, one fdatasync; then
 * the same in 2 and in 4 ranged GETs, each on a worker thread of its own
 * (rclone downloads a large file in 4 streams): whether more streams lift
 * the floor on this machine.
 */
export async function largeDownloadFloor(ctx: BenchContext, target: FloorTarget, key: string, bytes: number) {
  const url = await getSignedUrl(target.s3, new GetObjectCommand({ Bucket: target.bucket, Key: key }), {
    expiresIn: URL_SECONDS,
  });
  const file = path.join(ctx.work, 'floor-download.bin');
  await runFloor(ctx, 'Node floor: GET, AES-256-GCM, blocking writes (node:http)', ['get', url, file], bytes);
  ctx.removeLocal(file);
  for (const streams of [2, 4]) {
    await runFloor(
      ctx,
      `Node floor: the same in ${streams} ranged GETs on ${streams} worker threads`,
      ['get', url, file, String(bytes), String(streams)],
      bytes,
    );
    ctx.removeLocal(file);
  }
}

/**
 * `count` PUTs of random `bytes`-long bodies under `prefix`, then their GETs,
 * each body written to a new file (no fsync); 8 at a time, as the CLI runs
 * its transfers.
 */
export async function smallFilesFloor(
  ctx: BenchContext,
  target: FloorTarget,
  prefix: string,
  count: number,
  bytes: number,
): Promise<void> {
  const puts: string[] = [];
  const gets: string[] = [];
  for (let index = 0; index < count; index++) {
    const key = `${prefix}/f${String(index).padStart(5, '0')}`;
    const sign = (command: PutObjectCommand | GetObjectCommand) =>
      getSignedUrl(target.s3, command, { expiresIn: URL_SECONDS });
    puts.push(await sign(new PutObjectCommand({ Bucket: target.bucket, Key: key })));
    gets.push(await sign(new GetObjectCommand({ Bucket: target.bucket, Key: key })));
  }
  const putList = path.join(ctx.work, 'floor-puts.txt');
  const getList = path.join(ctx.work, 'floor-gets.txt');
  writeFileSync(putList, puts.join('\n'));
  writeFileSync(getList, gets.join('\n'));
  const files = `${count} × ${bytes / 1024} KiB`;
  const folder = path.join(ctx.work, 'floor-small');
  await runFloor(
    ctx,
    `Node floor: ${files} PUT (node:http, 8 at a time)`,
    ['put', putList, String(bytes)],
    count * bytes,
  );
  await runFloor(ctx, `Node floor: ${files} GET, each to a new file`, ['gets', getList, folder], count * bytes);
  ctx.removeLocal(folder);
  ctx.removeLocal(putList);
  ctx.removeLocal(getList);
  await ctx.removePrefix(`${prefix}/`);
}
