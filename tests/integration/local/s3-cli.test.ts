import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { home, startHarness, type Harness } from './s3-harness';

/** Debian's AWS CLI v2; another `aws` earlier on PATH (e.g. a pyenv v1) must not be picked up. */
const AWS = '/usr/bin/aws';
const run = promisify(execFile);

let h: Harness;
let dir: string;

beforeAll(async () => {
  h = await startHarness();
  dir = mkdtempSync(path.join(os.tmpdir(), 's3vault-cli-'));
});
afterAll(async () => {
  await h?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI as a vault member, with nothing of the user's own configuration. */
async function aws(...args: string[]): Promise<string> {
  const { stdout } = await run(AWS, ['--endpoint-url', h.url, ...args], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: dir,
      AWS_CONFIG_FILE: path.join(dir, 'no-config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'no-credentials'),
      AWS_ACCESS_KEY_ID: h.alice.accessKeyId,
      AWS_SECRET_ACCESS_KEY: h.alice.secretAccessKey,
      AWS_SESSION_TOKEN: h.alice.sessionToken,
      AWS_DEFAULT_REGION: h.model.region,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PAGER: '',
    },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe.skipIf(!existsSync(AWS))(`the AWS CLI (${AWS}${existsSync(AWS) ? '' : ' is missing: skipped'})`, () => {
  it(
    'uploads 20 MiB (multipart), lists it, downloads it and opens its presigned URL',
    { timeout: 120_000 },
    async () => {
      const data = randomBytes(20 * 1024 * 1024);
      const file = path.join(dir, 'big.bin');
      writeFileSync(file, data);
      const target = `s3://${h.bucket}/${home(h.alice)}cli/big.bin`;

      await aws('s3', 'cp', file, target, '--no-progress');
      const parts = h.requests.filter((r) => r.method === 'PUT' && r.url.includes('partNumber='));
      expect(parts.length).toBeGreaterThanOrEqual(3);

      const listing = await aws('s3', 'ls', `s3://${h.bucket}/${home(h.alice)}cli/`);
      expect(listing).toMatch(new RegExp(`\\s${data.length}\\sbig\\.bin`));

      const back = path.join(dir, 'back.bin');
      await aws('s3', 'cp', target, back, '--no-progress');
      expect(sha(readFileSync(back))).toBe(sha(data));

      const url = (await aws('s3', 'presign', target, '--expires-in', '60')).trim();
      expect(url).toContain('X-Amz-Signature=');
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(sha(Buffer.from(await response.arrayBuffer()))).toBe(sha(data));
    },
  );
});
