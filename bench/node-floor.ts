/**
 * The Node.js floor client (see scenarios/node-floors.ts), one floor per run:
 *   node-floor.cjs get URL FILE        one GET through AES-256-GCM into FILE
 *   node-floor.cjs put LIST BYTES      a PUT of random BYTES to each URL in LIST
 *   node-floor.cjs gets LIST FOLDER    a GET of each URL in LIST, each to a new file
 * URLs are pre-signed; bodies go through node:http with keep-alive.
 */
import { createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

/** Requests at a time: the CLI's transfer concurrency (task-queue.ts). */
const AT_ONCE = 8;

/**
 * One GET of `url`, every chunk through AES-256-GCM (a random key: the cost
 * without the tag check) and written at once with a blocking write (each a
 * socket read, at most 64 KiB: the CLI's BLOCKING_WRITE), into `file`.
 */
async function getThroughAes(url: string, file: string): Promise<void> {
  const fd = fs.openSync(file, 'wx');
  const decipher = createDecipheriv('aes-256-gcm', randomBytes(32), randomBytes(12));
  let position = 0;
  await new Promise<void>((resolve, reject) => {
    http
      .get(url, (response) => {
        if (response.statusCode !== 200) reject(new Error(`GET answered ${response.statusCode}`));
        response.on('data', (chunk: Buffer) => {
          const plaintext = decipher.update(chunk);
          for (let done = 0; done < plaintext.length;) {
            done += fs.writeSync(fd, plaintext, done, plaintext.length - done, position + done);
          }
          position += plaintext.length;
        });
        response.on('end', resolve);
        response.on('error', reject);
      })
      .on('error', reject);
  });
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
  const [floor, first, second] = process.argv.slice(2);
  if (floor === 'get' && first && second) await getThroughAes(first, second);
  else if (floor === 'put' && first && second) await putEach(urlsIn(first), Number(second));
  else if (floor === 'gets' && first && second) await getEach(urlsIn(first), second);
  else throw new Error('usage: node-floor.cjs get URL FILE | put LIST BYTES | gets LIST FOLDER');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
