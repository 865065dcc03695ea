import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRequestOfLink, type LinkHistoryEntry } from '../../../../src/main/vault/shares/link-history';
import { createFileLinkHistory } from '../../../../src/main/vault/shares/link-history-file';

const entry = (name: string): LinkHistoryEntry => ({
  name,
  path: `docs/${name}`,
  createdAt: '2026-05-01T12:00:00.000Z',
  expiresAt: '2026-05-01T13:00:00.000Z',
  requestedSeconds: 3600,
  vault: 'vault',
  owner: 'us-east-1:abc',
  fileId: 'AAAAAAAAAAAAAAAAAAAAAA',
  bucket: 'vault-bucket',
  objectKey: 'private/us-east-1:abc/v1/Xy/Zw',
  amzCredential: 'ASIAEXAMPLE/20260501/us-east-1/s3/aws4_request',
  amzDate: '20260501T120000Z',
  amzExpires: 3600,
});

describe('link history', () => {
  it('keeps entries in a private JSON file, newest first, and survives a damaged file', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 's3vault-links-')), 'home', 'links.json');
    const history = createFileLinkHistory(file);
    expect(await history.list()).toEqual([]);
    await history.add(entry('a.pdf'));
    await history.add(entry('b.pdf'));
    expect((await history.list()).map((link) => link.name)).toEqual(['b.pdf', 'a.pdf']);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: 1 });

    const text = JSON.parse(readFileSync(file, 'utf8')) as { links: unknown[] };
    text.links.push({ name: 'broken' });
    writeFileSync(file, JSON.stringify(text));
    expect((await history.list()).map((link) => link.name)).toEqual(['b.pdf', 'a.pdf']);
    writeFileSync(file, '{not json');
    expect(await history.list()).toEqual([]);
  });

  it('matches access-log request lines of its link, and only those', () => {
    const link = entry('a.pdf');
    const uri = (date: string, expires = '3600') =>
      `GET /vault-bucket/private/us-east-1%3Aabc/v1/Xy/Zw?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIAEXAMPLE%2F20260501%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=${date}&X-Amz-Expires=${expires}&X-Amz-Signature=ff HTTP/1.1`;
    expect(isRequestOfLink(link, uri('20260501T120000Z'))).toBe(true);
    expect(isRequestOfLink(link, uri('20260501T120001Z'))).toBe(false);
    expect(isRequestOfLink(link, uri('20260501T120000Z', '60'))).toBe(false);
    expect(isRequestOfLink(link, 'GET /vault-bucket/private/other HTTP/1.1')).toBe(false);
  });
});
