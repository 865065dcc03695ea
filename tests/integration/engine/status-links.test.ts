/**
 * Share-link usage for administrators: two downloads through a link show as
 * two requests for that link (and for today) once S3 has delivered its
 * access logs; a member sees counts of their links but no request numbers.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalBackend } from '../../../src/local/server';
import type { SignedInVaultSession } from '../../../src/main/vault/credentials';
import { createMemoryLinkHistory } from '../../../src/main/vault/shares/link-history';
import { createVault, type Vault } from '../../../src/main/vault/vault';
import { ALICE, tempFolder, writeRandomFile } from './engine-support';
import { ADA, openSession, probe, startStatusBackend } from './status-support';

let backend: LocalBackend;
let adaSession: SignedInVaultSession;
let ada: Vault;
let aliceSession: SignedInVaultSession;
let alice: Vault;

beforeAll(async () => {
  backend = await startStatusBackend();
  adaSession = await openSession(backend.profile, ADA);
  ada = createVault(adaSession, { history: createMemoryLinkHistory() });
  aliceSession = await openSession(backend.profile, ALICE);
  alice = createVault(aliceSession, { history: createMemoryLinkHistory() });
});

afterAll(async () => {
  ada?.close();
  alice?.close();
  adaSession?.close();
  aliceSession?.close();
  await backend?.close();
});

describe('share-link usage', () => {
  it('counts two downloads through a link as two requests for it, per link and per day', async () => {
    expect(adaSession.isAdmin).toBe(true);
    const work = tempFolder('status-links');
    writeRandomFile(path.join(work, 'report.pdf'), 4000);
    writeRandomFile(path.join(work, 'other.pdf'), 2000);
    expect((await ada.upload([path.join(work, 'report.pdf'), path.join(work, 'other.pdf')])).failed).toEqual([]);
    const link = await ada.share('report.pdf', { seconds: 900 });
    await ada.share('other.pdf', { seconds: 900 });
    for (let i = 0; i < 2; i++) {
      const response = await fetch(link.url);
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
    // The backend delivers its logs every 200 ms; S3 itself takes minutes.
    let links = probe(await ada.status(), 'share-links');
    const deadline = Date.now() + 10_000;
    while (links.details?.requests !== 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      links = probe(await ada.status(), 'share-links');
    }
    expect(links.state).toBe('ok');
    expect(links.details).toMatchObject({ active: 2, expired: 0, requests: 2 });
    const perLink = Object.entries(links.details!).filter(([key]) => key.startsWith('link: '));
    expect(perLink).toHaveLength(2);
    expect(perLink.find(([key]) => key.startsWith('link: report.pdf '))?.[1]).toBe(2);
    expect(perLink.find(([key]) => key.startsWith('link: other.pdf '))?.[1]).toBe(0);
    // Both on one day (UTC; the days of the chart).
    const days = Object.entries(links.details!).filter(([key]) => /^day: \d{4}-\d{2}-\d{2}$/.test(key));
    expect(days.map(([, count]) => count)).toEqual([2]);
    expect(links.reason).toMatch(/used 2 time\(s\)/);

    // Admins also see the bucket's totals.
    const storage = probe(await ada.status(), 'storage');
    expect(storage.details?.bucketObjects).toEqual(expect.any(Number));
    expect(Number(storage.details?.bucketBytes)).toBeGreaterThanOrEqual(Number(storage.details?.bytes));
  });

  it('a member sees their link counts, without request numbers or bucket totals', async () => {
    const work = tempFolder('status-member');
    writeRandomFile(path.join(work, 'mine.txt'), 100);
    expect((await alice.upload([path.join(work, 'mine.txt')])).failed).toEqual([]);
    await alice.share('mine.txt', { seconds: 600 });
    const results = await alice.status();
    const links = probe(results, 'share-links');
    expect(links).toMatchObject({ state: 'ok', details: { active: 1, expired: 0 } });
    expect(links.details?.requests).toBeUndefined();
    expect(links.reason).toMatch(/for administrators/);
    expect(probe(results, 'storage').details?.bucketObjects).toBeUndefined();
  });
});
