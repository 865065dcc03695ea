/**
 * The app controller against an in-process local backend, as the UI drives
 * it over IPC: a first run that tries a local vault, files, transfers, share
 * links opened by a second person (in the same app, and in a second app with
 * its own data folder), and a restart that reopens the local vault and the
 * remembered sign-in.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { uniqueTarget } from '../../../src/bridge/unique-target';
import { AppController } from '../../../src/main/controller/app-controller';
import type { AppHost } from '../../../src/main/controller/host';
import { createMemorySessionStore } from '../../../src/main/controller/memory-session-store';
import { buildConnectLink } from '../../../src/main/controller/profile-import';
import type { TransferActivity } from '../../../src/main/controller/transfer-manager';
import { VaultError } from '../../../src/main/vault/errors';
import { parseVaultProfile } from '../../../src/main/vault/profile';
import type { EventName } from '../../../src/shared/contract';
import { ALICE, BOB, tempFolder } from '../engine/engine-support';

interface TestHost extends AppHost {
  events: Array<{ name: EventName; payload: unknown }>;
  activity: TransferActivity[];
  downloads: string;
}

function testHost(dataDir: string, sessionStore = createMemorySessionStore()): TestHost {
  const downloads = path.join(dataDir, 'downloads');
  const reserved = new Set<string>();
  const host: TestHost = {
    dataDir,
    downloads,
    events: [],
    activity: [],
    emit: (name, payload) => host.events.push({ name, payload }),
    sessionStore,
    dialogs: { saveAs: (name) => uniqueTarget(downloads, name, reserved) },
    log: { info: () => {}, warn: () => {}, error: (message, error) => console.error(message, error) },
    onTransferActivity: (activity) => host.activity.push(activity),
  };
  return host;
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const controllers: AppController[] = [];
afterAll(async () => {
  await Promise.all(controllers.map((controller) => controller.close()));
});

/** Waits for every transfer to end; returns them. */
async function settled(controller: AppController) {
  for (let i = 0; i < 600; i++) {
    const transfers = controller.listTransfers();
    if (transfers.every((t) => t.state !== 'queued' && t.state !== 'running')) return transfers;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('transfers did not finish');
}

describe('the app controller on a local vault', () => {
  const dataA = tempFolder('app-a');
  const sessionsA = createMemorySessionStore();
  const hostA = testHost(dataA, sessionsA);
  const appA = new AppController(hostA);
  controllers.push(appA);
  const sources = tempFolder('app-src');
  const small = path.join(sources, 'notes.txt');
  const big = path.join(sources, 'photo.bin');
  writeFileSync(small, 'hello vault\n');
  writeFileSync(big, randomBytes(700 * 1024));
  let appLink = '';

  it('starts with no profile, refuses a weak password with the rule, then creates alice and signs her in', async () => {
    await expect(appA.state()).resolves.toEqual({ profile: null, user: null });
    const weak = appA.tryLocal('alice', 'short');
    await expect(weak).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/long enough/) });
    await expect(appA.tryLocal(ALICE.username, ALICE.password)).resolves.toEqual({
      kind: 'signed-in',
      user: { username: 'alice', isAdmin: false },
    });
    const state = await appA.state();
    expect(state).toMatchObject({
      profile: { kind: 'local', region: expect.any(String) },
      user: { username: 'alice' },
    });
    expect(hostA.events).toContainEqual({
      name: 'session.changed',
      payload: { user: { username: 'alice', isAdmin: false } },
    });
    // The saved profile is a connection profile: no admin keys of the local account.
    expect(readFileSync(path.join(dataA, 'profile.json'), 'utf8')).not.toMatch(/localAdmin|secretAccessKey/);
  });

  it('lists an empty vault, uploads two files with progress events, and lists their sizes', async () => {
    await expect(appA.list('')).resolves.toEqual({ path: '', entries: [] });
    const ids = await appA.upload([small, big], '');
    expect(ids).toHaveLength(2);
    const transfers = await settled(appA);
    expect(transfers.map((t) => [t.name, t.state, t.bytes, t.total])).toEqual([
      ['notes.txt', 'done', 12, 12],
      ['photo.bin', 'done', 700 * 1024, 700 * 1024],
    ]);
    const changes = hostA.events.filter((event) => event.name === 'transfers.changed');
    expect(changes.map((event) => (event.payload as { state: string }).state)).toEqual(
      expect.arrayContaining(['queued', 'running', 'done']),
    );
    expect(hostA.activity.at(-1)).toEqual({ active: 0, fraction: -1, finished: { done: 2, failed: 0, cancelled: 0 } });
    const { entries } = await appA.list('');
    expect(entries).toEqual([
      { kind: 'file', name: 'notes.txt', path: 'notes.txt', size: 12, modified: expect.any(String) },
      { kind: 'file', name: 'photo.bin', path: 'photo.bin', size: 700 * 1024, modified: expect.any(String) },
    ]);
  });

  it('makes folders, renames into them, downloads the same bytes without overwriting, and removes a folder', async () => {
    await appA.mkdir('Docs');
    await appA.rename('notes.txt', 'Docs/notes.txt');
    await expect(appA.list('Docs')).resolves.toMatchObject({ entries: [{ name: 'notes.txt', size: 12 }] });
    const first = await appA.download('Docs/notes.txt');
    const second = await appA.download('Docs/notes.txt');
    expect(first).not.toBe(second);
    await settled(appA);
    expect(readFileSync(path.join(hostA.downloads, 'notes.txt'), 'utf8')).toBe('hello vault\n');
    expect(readFileSync(path.join(hostA.downloads, 'notes (1).txt'), 'utf8')).toBe('hello vault\n');
    await expect(appA.rename('photo.bin', '../x')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await appA.remove('Docs');
    expect((await appA.list('')).entries.map((entry) => entry.name)).toEqual(['photo.bin']);
  });

  it('offers link lifetimes within the credentials, and shares a file', async () => {
    const limits = await appA.shareLimits();
    expect(limits.maxSeconds).toBeGreaterThan(3000);
    expect(limits.maxSeconds).toBeLessThanOrEqual(3600);
    expect(limits.choices).toEqual([900, limits.maxSeconds]);
    const link = await appA.share('photo.bin', 3600);
    expect(link).toMatchObject({
      requestedSeconds: 3600,
      cappedBy: 'credentials',
      appLink: expect.stringMatching(/^s3vault:\/\/open\?/),
    });
    appLink = link.appLink;
    await expect(appA.links()).resolves.toEqual([
      { name: 'photo.bin', path: 'photo.bin', createdAt: expect.any(String), expiresAt: link.expiresAt },
    ]);
  });

  it('lets bob, created on the same local vault after alice signs out, open the link', async () => {
    await appA.signOut();
    await expect(appA.state()).resolves.toMatchObject({ user: null });
    await expect(appA.list('')).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
    await expect(appA.tryLocal(BOB.username, BOB.password)).resolves.toMatchObject({ user: { username: 'bob' } });
    await expect(appA.links()).resolves.toEqual([]);
    const id = await appA.openLink(appLink);
    const [transfer] = (await settled(appA)).filter((t) => t.id === id);
    expect(transfer).toMatchObject({ name: 'photo.bin', state: 'done', bytes: 700 * 1024 });
    expect(sha(path.join(hostA.downloads, 'photo.bin'))).toBe(sha(big));
  });

  it('opens the link in a second app (its own data folder) connected with a connect link', async () => {
    const hostB = testHost(tempFolder('app-b'));
    const appB = new AppController(hostB);
    controllers.push(appB);
    const profile = parseVaultProfile(JSON.parse(readFileSync(path.join(dataA, 'profile.json'), 'utf8')).profile);
    await expect(appB.connect(buildConnectLink(profile))).resolves.toMatchObject({
      kind: 'aws',
      vaultId: profile.vaultId,
    });
    await expect(appB.openLink(appLink)).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
    await expect(appB.signIn(BOB.username, BOB.password)).resolves.toMatchObject({ kind: 'signed-in' });
    await expect(appB.openLink('s3vault://open?url=https%3A%2F%2Fevil.example%2Fx')).rejects.toBeInstanceOf(VaultError);
    await appB.openLink(appLink);
    await settled(appB);
    expect(sha(path.join(hostB.downloads, 'photo.bin'))).toBe(sha(big));
  });

  it('after a restart, starts the local vault again on its port and reopens the remembered sign-in', async () => {
    const before = JSON.parse(readFileSync(path.join(dataA, 'profile.json'), 'utf8')).profile.endpoint;
    await appA.close();
    const again = new AppController(testHost(dataA, sessionsA));
    controllers.push(again);
    await expect(again.state()).resolves.toMatchObject({ profile: { kind: 'local' }, user: { username: 'bob' } });
    expect(JSON.parse(readFileSync(path.join(dataA, 'profile.json'), 'utf8')).profile.endpoint).toBe(before);
    await expect(again.list('')).resolves.toEqual({ path: '', entries: [] });
  });
});
