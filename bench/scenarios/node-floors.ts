/**
 * Node.js floors: the least any Node client does for the transfers the CLI
 * makes, timed in the bench process against the same backend. Each request is
 * pre-signed before the clock starts (no SDK, no signing, no retries), bodies
 * go through node:http with keep-alive, and nothing is checked or made
 * durable:
 * - large download: one GET of the plain 1 GiB object, every chunk through
 *   AES-256-GCM (node:crypto; a random key, so the cost without the tag
 *   check), written in 256 KiB batches with blocking writes, one fdatasync;
 * - small files: PUTs of in-memory 16 KiB bodies, then GETs of them, each
 *   written to a new file (no fsync), 8 at a time as the CLI runs them.
 * A peer that beats a floor is not doing less work than Node at best; it is
 * faster than Node can be on this machine.
 */
import { createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

/** Requests at a time for the small-file floors: the CLI's transfer concurrency (task-queue.ts). */
const AT_ONCE = 8;
const WRITE_BATCH = 256 * 1024;
/** Long enough for every round's requests, signed up front. */
const URL_SECONDS = 3600;

export interface FloorTarget {
  s3: S3Client;
  bucket: string;
}

/** One GET of `key` through AES-256-GCM into a new file under `folder`; resolves to the bytes written. */
export async function largeDownloadFloor(target: FloorTarget, key: string, folder: string): Promise<number> {
  const url = await getSignedUrl(target.s3, new GetObjectCommand({ Bucket: target.bucket, Key: key }), {
    expiresIn: URL_SECONDS,
  });
  const file = path.join(folder, 'floor-download.bin');
  const fd = fs.openSync(file, 'wx');
  try {
    const decipher = createDecipheriv('aes-256-gcm', randomBytes(32), randomBytes(12));
    let batch: Buffer[] = [];
    let batched = 0;
    let position = 0;
    const flush = () => {
      if (batched > 0) fs.writevSync(fd, batch, position);
      position += batched;
      batch = [];
      batched = 0;
    };
    await new Promise<void>((resolve, reject) => {
      http
        .get(url, (response) => {
          if (response.statusCode !== 200) reject(new Error(`GET ${response.statusCode}`));
          response.on('data', (chunk: Buffer) => {
            const plaintext = decipher.update(chunk);
            batch.push(plaintext);
            batched += plaintext.length;
            if (batched >= WRITE_BATCH) flush();
          });
          response.on('end', resolve);
          response.on('error', reject);
        })
        .on('error', reject);
    });
    flush();
    fs.fdatasyncSync(fd);
    return position;
  } finally {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
  }
}

/** Pre-signed PUT and GET URLs of `count` objects under `prefix`. */
export async function signSmallObjects(
  target: FloorTarget,
  prefix: string,
  count: number,
): Promise<{ puts: string[]; gets: string[] }> {
  const puts: string[] = [];
  const gets: string[] = [];
  for (let index = 0; index < count; index++) {
    const key = `${prefix}/f${String(index).padStart(5, '0')}`;
    const sign = (command: PutObjectCommand | GetObjectCommand) =>
      getSignedUrl(target.s3, command, { expiresIn: URL_SECONDS });
    puts.push(await sign(new PutObjectCommand({ Bucket: target.bucket, Key: key })));
    gets.push(await sign(new GetObjectCommand({ Bucket: target.bucket, Key: key })));
  }
  return { puts, gets };
}

/** PUTs one `bytes`-long random body to each URL, AT_ONCE at a time. */
export async function smallPutFloor(urls: string[], bytes: number): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: AT_ONCE });
  const bodies = urls.map(() => randomBytes(bytes));
  try {
    await eachAtOnce(urls.length, (index) =>
      request(urls[index]!, { method: 'PUT', agent, headers: { 'content-length': bytes } }, bodies[index]!),
    );
  } finally {
    agent.destroy();
  }
}

/** GETs each URL, AT_ONCE at a time, each body written whole to a new file in `folder`. */
export async function smallGetFloor(urls: string[], folder: string): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: AT_ONCE });
  fs.mkdirSync(folder);
  try {
    await eachAtOnce(urls.length, async (index) => {
      const body = await request(urls[index]!, { method: 'GET', agent });
      await fs.promises.writeFile(path.join(folder, `f${index}`), body, { flag: 'wx' });
    });
  } finally {
    agent.destroy();
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/** One request; resolves to its body, rejects unless the status is 200. */
function request(url: string, options: http.RequestOptions, body?: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(url, options, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        response.statusCode === 200
          ? resolve(Buffer.concat(chunks))
          : reject(new Error(`${options.method} ${response.statusCode}`)),
      );
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** Runs `task` for 0..count-1, AT_ONCE at a time. */
async function eachAtOnce(count: number, task: (index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, count) }, worker));
}
