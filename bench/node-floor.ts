/**
 * The Node.js floor client (see scenarios/node-floors.ts), one floor per run:
 *   node-floor.cjs get URL FILE        one GET through AES-256-GCM into FILE
 *   node-floor.cjs get URL FILE BYTES N   the same in N ranged GETs, each in a worker thread
 *   node-floor.cjs put LIST BYTES      a PUT of random BYTES to each URL in LIST
 *   node-floor.cjs gets LIST FOLDER    a GET of each URL in LIST, each to a new file
 * URLs are pre-signed; bodies go through node:http with keep-alive.
 */
import { createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { isMainThread, Worker, workerData } from 'node:worker_threads';

/** Requests at a time: the CLI's transfer concurrency (task-queue.ts). */
const AT_ONCE = 8;

/**
 * A GET of `url` (of bytes `start` to `end`, when given), every chunk through
 * AES-256-GCM (a random key: the cost without the tag check) and written at
 * once with a blocking write (each a socket read, at most 64 KiB: the CLI's
 * BLOCKING_WRITE) at its place in the open file `fd`.
 */
function getThroughAes(url: string, fd: number, range?: { start: number; end: number }): Promise<void> {
  const decipher = createDecipheriv('aes-256-gcm', randomBytes(32), randomBytes(12));
  let position = range?.start ?? 0;
  const headers = range ? { range: `bytes=${range.start}-${range.end}` } : {};
  return new Promise<void>((resolve, reject) => {
    http
      .get(url, { headers }, (response) => {
        if (response.statusCode !== (range ? 206 : 200)) {
          response.resume();
          reject(new Error(`GET answered ${response.statusCode}`));
          return;
        }
        const expected = Number(response.headers['content-length']);
        let received = 0;
        response.on('data', (chunk: Buffer) => {
          received += chunk.length;
          const plaintext = decipher.update(chunk);
          for (let done = 0; done < plaintext.length;) {
            done += fs.writeSync(fd, plaintext, done, plaintext.length - done, position + done);
          }
          position += plaintext.length;
        });
        // A short body would make a fast floor: it fails instead.
        response.on('end', () =>
          received === expected ? resolve() : reject(new Error(`got ${received} of ${expected} bytes`)),
        );
        response.on('error', reject);
      })
      .on('error', reject);
  });
}

/** getThroughAes into a new `file`, in one GET, or in `parts` ranged GETs on as many worker threads (as rclone's 4 streams). */
async function download(url: string, file: string, bytes?: number, parts = 1): Promise<void> {
  const fd = fs.openSync(file, 'wx');
  if (parts === 1 || !bytes) {
    await getThroughAes(url, fd);
  } else {
    const size = Math.ceil(bytes / parts);
    await Promise.all(
      Array.from({ length: parts }, (_, index) => {
        const range = { start: index * size, end: Math.min(bytes, (index + 1) * size) - 1 };
        const worker = new Worker(__filename, { workerData: { url, fd, range } });
        return new Promise<void>((resolve, reject) => {
          worker.once('error', reject);
          worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker exited ${code}`))));
        });
      }),
    );
  }
  fs.fdatasyncSync(fd);
  fs.closeSync(fd);
}

/** A PUT of a random `bytes`-long body to each URL. */
async function putEach(urls: string[], bytes: number): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: AT_ONCE });
  await eachAtOnce(urls.length, (index) =>
    request(urls[index]!, { method: 'PUT', agent, headers: { 'content-length': bytes } }, randomBytes(bytes)),
  );
  agent.destroy();
}

/** A GET of each URL, its body written whole to a new file in `folder`. */
async function getEach(urls: string[], folder: string): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: AT_ONCE });
  fs.mkdirSync(folder);
  await eachAtOnce(urls.length, async (index) => {
    const body = await request(urls[index]!, { method: 'GET', agent });
    await fs.promises.writeFile(path.join(folder, `f${index}`), body, { flag: 'wx' });
  });
  agent.destroy();
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
          : reject(new Error(`${options.method} answered ${response.statusCode}`)),
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

const urlsIn = (list: string) => fs.readFileSync(list, 'utf8').split('\n').filter(Boolean);

async function main(): Promise<void> {
  if (!isMainThread) {
    const { url, fd, range } = workerData as { url: string; fd: number; range: { start: number; end: number } };
    await getThroughAes(url, fd, range);
    return;
  }
  const [floor, first, second, bytes, parts] = process.argv.slice(2);
  if (floor === 'get' && first && second) await download(first, second, Number(bytes), Number(parts ?? 1));
  else if (floor === 'put' && first && second) await putEach(urlsIn(first), Number(second));
  else if (floor === 'gets' && first && second) await getEach(urlsIn(first), second);
  else throw new Error('usage: node-floor.cjs get URL FILE [BYTES N] | put LIST BYTES | gets LIST FOLDER');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
