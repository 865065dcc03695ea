import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sdkSigner } from '../../unit/local/sigv4/fixtures';
import { home, startHarness, type Harness } from './s3-harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

/** Signs a PUT for `signedBody` the way the SDK does over http (payload sha256 in x-amz-content-sha256). */
async function signedPut(key: string, signedBody: Buffer): Promise<{ path: string; headers: Record<string, string> }> {
  const p = `/${h.bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
  const request = {
    method: 'PUT',
    protocol: 'http:',
    hostname: '127.0.0.1',
    port: h.port,
    path: p,
    query: {},
    headers: {
      host: `127.0.0.1:${h.port}`,
      'content-length': String(signedBody.length),
      'x-amz-content-sha256': createHash('sha256').update(signedBody).digest('hex'),
    } as Record<string, string>,
    body: signedBody,
  };
  const signed = await sdkSigner(h.alice, 's3').sign(request);
  return { path: p, headers: signed.headers as Record<string, string> };
}

function send(p: string, headers: Record<string, string>, body: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: h.port, method: 'PUT', path: p, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const tmpFiles = (): string[] => readdirSync(path.join(h.dataDir, 's3', 'tmp'));

describe('robustness', () => {
  it('refuses a body that is not the one signed (XAmzContentSHA256Mismatch) and stores nothing', async () => {
    const key = `${home(h.alice)}v1/tampered.bin`;
    const { path: p, headers } = await signedPut(key, Buffer.from('the bytes that were signed'));
    const response = await send(p, headers, Buffer.from('the bytes that were changed'.slice(0, 26)));
    expect(response.status).toBe(400);
    expect(response.text).toContain('<Code>XAmzContentSHA256Mismatch</Code>');
    const head = h.client(h.admin).send(new HeadObjectCommand({ Bucket: h.bucket, Key: key }));
    await expect(head).rejects.toMatchObject({ name: 'NotFound' });
    expect(tmpFiles()).toEqual([]);
  });

  it('survives a client that disconnects mid-upload, leaving no object and no temporary file', async () => {
    const key = `${home(h.alice)}v1/interrupted.bin`;
    const full = Buffer.alloc(8 * 1024 * 1024, 1);
    const { path: p, headers } = await signedPut(key, full);
    await new Promise<void>((resolve) => {
      const req = http.request({ host: '127.0.0.1', port: h.port, method: 'PUT', path: p, headers });
      req.on('error', () => resolve());
      req.write(full.subarray(0, 1024 * 1024), () => setTimeout(() => req.destroy(), 50));
      req.on('close', () => resolve());
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(tmpFiles()).toEqual([]);
    const list = await h.client(h.alice).send(new ListObjectsV2Command({ Bucket: h.bucket, Prefix: home(h.alice) }));
    expect(list.Contents?.map((c) => c.Key) ?? []).not.toContain(key);
  });
});
