import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { home, startHarness, type Harness } from './s3-harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

/**
 * One access log record, split as AWS documents it: space-separated fields,
 * [time] and "quoted" fields kept whole.
 */
function fields(line: string): string[] {
  return [...line.matchAll(/\[[^\]]*\]|"(?:[^"\\]|\\.)*"|\S+/g)].map((m) => m[0]);
}

async function readLogs(): Promise<{ keys: string[]; lines: string[] }> {
  // Read the way the app's status panel does: as a vault admin (vault-admins role).
  const carol = h.client(h.carol);
  const listed = await carol.send(new ListObjectsV2Command({ Bucket: h.logBucket, Prefix: 'access-logs/' }));
  const keys = (listed.Contents ?? []).map((c) => c.Key!);
  const lines: string[] = [];
  for (const key of keys) {
    const body = await (
      await carol.send(new GetObjectCommand({ Bucket: h.logBucket, Key: key }))
    ).Body!.transformToString();
    lines.push(...body.split('\n').filter(Boolean));
  }
  return { keys, lines };
}

describe('server access logs', () => {
  it('are delivered as objects after close(), with a QueryString line for a presigned GET', async () => {
    const alice = h.client(h.alice);
    const key = `${home(h.alice)}v1/logged file.bin`;
    await alice.send(new PutObjectCommand({ Bucket: h.bucket, Key: key, Body: 'twelve bytes' }));
    const link = await getSignedUrl(alice, new GetObjectCommand({ Bucket: h.bucket, Key: key }), { expiresIn: 300 });
    const download = await fetch(link, {
      headers: { 'User-Agent': 'share-link-test/1.0', Referer: 'https://example.test/page' },
    });
    expect(await download.text()).toBe('twelve bytes');
    const bad = await fetch(link.replace(/X-Amz-Signature=./, 'X-Amz-Signature=0'));
    expect(bad.status).toBe(403);

    await h.restart(); // close() flushes the buffered lines; the restarted service serves them
    const { keys, lines } = await readLogs();
    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) expect(k).toMatch(/^access-logs\/\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-[0-9A-F]{16}$/);

    const presigned = lines
      .map(fields)
      .find((f) => f[6] === 'REST.GET.OBJECT' && f[9] === '200' && f[21] === 'QueryString');
    expect(presigned, lines.join('\n')).toBeDefined();
    const f = presigned!;
    expect(f).toHaveLength(27);
    expect(f[0]).toMatch(/^[0-9a-f]{64}$/); // bucket owner (canonical id)
    expect(f[1]).toBe(h.bucket);
    expect(f[2]).toMatch(/^\[\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000\]$/);
    expect(f[3]).toBe('127.0.0.1');
    expect(f[4]).toBe(h.alice.principal.arn); // requester
    expect(f[7]).toBe(encodeURIComponent(key).replace(/%2F/g, '/'));
    expect(f[8]).toMatch(/^"GET \/.+X-Amz-Signature=[0-9a-f]{64}.* HTTP\/1\.1"$/); // the URI includes the signature
    expect([f[10], f[11], f[12]]).toEqual(['-', '12', '12']); // error code, bytes sent, object size
    expect([f[15], f[16]]).toEqual(['"https://example.test/page"', '"share-link-test/1.0"']);
    expect(f[17]).not.toBe('-'); // version id (the vault bucket is versioned)
    expect([f[19], f[20], f[21], f[22]]).toEqual(['SigV4', '-', 'QueryString', `127.0.0.1:${h.port}`]);

    const refused = lines.map(fields).find((x) => x[9] === '403' && x[10] === 'SignatureDoesNotMatch');
    expect(refused, 'the refused link is logged too').toBeDefined();
    expect([refused![4], refused![19], refused![21]]).toEqual(['-', 'SigV4', 'QueryString']);
    const put = lines.map(fields).find((x) => x[6] === 'REST.PUT.OBJECT');
    expect(put?.[21]).toBe('AuthHeader');
  });

  it('do not log requests for the log bucket itself', async () => {
    await readLogs();
    await h.restart();
    const { lines } = await readLogs();
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.map(fields).every((f) => f[1] === h.bucket)).toBe(true);
  });

  it('are readable by vault admins only', async () => {
    try {
      await h.client(h.alice).send(new ListObjectsV2Command({ Bucket: h.logBucket, Prefix: 'access-logs/' }));
      throw new Error('a member listed the access logs');
    } catch (error) {
      expect((error as S3ServiceException).name).toBe('AccessDenied');
    }
  });
});
