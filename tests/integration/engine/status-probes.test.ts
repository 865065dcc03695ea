/**
 * The status probes against the local backend: each turns to warning or
 * error when its cause is real (key disabled, versioning suspended,
 * credentials expired, a global sign-out, the backend gone or hung) and back
 * to ok when the cause is fixed.
 */
import { createServer, type Server, type Socket } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalBackend } from '../../../src/local/server';
import { globalSignOut } from '../../../src/main/vault/auth';
import type { SignedInVaultSession } from '../../../src/main/vault/credentials';
import { createVault, type Vault } from '../../../src/main/vault/vault';
import { ALICE, tempFolder, writeRandomFile } from './engine-support';
import { openSession, probe, setKeyEnabled, setVersioning, startStatusBackend } from './status-support';

let backend: LocalBackend;
let session: SignedInVaultSession;
let vault: Vault;
const check = (options: Parameters<Vault['status']>[0] = {}) =>
  vault.status({ tokens: () => session.tokens(), ...options });

beforeAll(async () => {
  backend = await startStatusBackend();
  session = await openSession(backend.profile, ALICE);
  vault = createVault(session);
});

afterAll(async () => {
  vault?.close();
  session?.close();
  await backend?.close();
});

describe('status probes', () => {
  it('reports all seven, in order, none in error on a healthy vault', async () => {
    const results = await check();
    expect(results.map((result) => result.name)).toEqual([
      'Bucket',
      'User pool',
      'Key',
      'Credentials',
      'Share links',
      'Storage',
      'Transfers',
    ]);
    for (const result of results) {
      expect(result.state, `${result.name}: ${result.reason}`).not.toBe('error');
      expect(result.reason).toMatch(/\.$/);
      expect(Number.isNaN(Date.parse(result.checkedAt))).toBe(false);
    }
    expect(probe(results, 'bucket').state).toBe('ok');
    // No MFA on this account: the pool says so.
    expect(probe(results, 'user-pool')).toMatchObject({ state: 'warning', details: { mfa: 'none' } });
  });

  it('Key: error while the key is disabled, ok again once enabled; shows the last data-key latency', async () => {
    const file = path.join(tempFolder('status-key'), 'note.txt');
    writeRandomFile(file, 1000);
    expect((await vault.upload([file])).failed).toEqual([]);
    await setKeyEnabled(backend.profile, false);
    try {
      const key = probe(await check(), 'key');
      expect(key.state).toBe('error');
      expect(key.reason).toMatch(/disabled/);
    } finally {
      await setKeyEnabled(backend.profile, true);
    }
    const key = probe(await check(), 'key');
    expect(key.state).toBe('ok');
    expect(key.details?.lastDataKeyMs).toEqual(expect.any(Number));
    expect(String(key.details?.lastDataKeyCall)).toMatch(/^GenerateDataKey at /);
    // Storage counts the uploaded file, in ciphertext bytes.
    const storage = probe(await check(), 'storage');
    expect(storage.details?.files).toBe(1);
    expect(storage.details?.bytes).toBeGreaterThan(1000);
    expect(storage.details?.['largest 1']).toMatch(/^note\.txt \(\d+ bytes\)$/);
  });

  it('Bucket: warning while versioning is suspended, ok once re-enabled', async () => {
    await setVersioning(backend.profile, 'Suspended');
    try {
      const bucket = probe(await check(), 'bucket');
      expect(bucket.state).toBe('warning');
      expect(bucket.reason).toMatch(/versioning is suspended/);
      expect(bucket.details?.versioning).toBe('Suspended');
    } finally {
      await setVersioning(backend.profile, 'Enabled');
    }
    expect(probe(await check(), 'bucket').state).toBe('ok');
  });

  it('Credentials: error once they have expired (clock moved past their expiry)', async () => {
    const { expiration } = await session.currentCredentials();
    const later = await check({ now: () => expiration.getTime() + 1000 });
    expect(probe(later, 'credentials')).toMatchObject({ state: 'error', details: { secondsLeft: 0 } });
    expect(probe(later, 'credentials').reason).toMatch(/expired/);
    expect(probe(await check(), 'credentials').state).toBe('ok');
  });

  it('User pool: error after a global sign-out revoked the session', async () => {
    const other = await openSession(backend.profile, ALICE);
    const otherVault = createVault(other);
    try {
      expect(probe(await otherVault.status({ tokens: () => other.tokens() }), 'user-pool').state).toBe('warning');
      expect(await globalSignOut(other.profile, await other.tokens())).toBe('signed-out');
      const pool = probe(await otherVault.status({ tokens: () => other.tokens() }), 'user-pool');
      expect(pool.state).toBe('error');
      expect(pool.reason).toMatch(/no longer accepts this session/);
    } finally {
      otherVault.close();
      other.close();
    }
  });
});

describe('status when the backend is gone', () => {
  it('Bucket: error within the timeout when S3 hangs, and a network error once the backend stopped', async () => {
    // A server that accepts connections and never answers: only the deadline ends the probe.
    const sockets: Socket[] = [];
    const hung: Server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const own = await startStatusBackend();
    const ownSession = await openSession(own.profile, ALICE);
    const port = (hung.address() as { port: number }).port;
    const hungVault = createVault({
      ...ownSession,
      isAdmin: false,
      profile: { ...ownSession.profile, endpoint: `http://127.0.0.1:${port}` },
    });
    try {
      let started = performance.now();
      const results = await hungVault.status({ timeoutMs: 1000 });
      expect(performance.now() - started).toBeLessThan(2500);
      expect(probe(results, 'bucket')).toMatchObject({ state: 'error', reason: 'Bucket did not answer within 1 s.' });
      expect(probe(results, 'bucket').latencyMs).toBeGreaterThanOrEqual(990);

      const ownVault = createVault(ownSession);
      await own.close();
      started = performance.now();
      const offline = await ownVault.status({ tokens: () => ownSession.tokens(), timeoutMs: 3000 });
      expect(performance.now() - started).toBeLessThan(4500);
      const bucket = probe(offline, 'bucket');
      expect(bucket.state).toBe('error');
      expect(bucket.reason).toMatch(/Could not reach Amazon S3|did not answer within 3 s/);
      expect(probe(offline, 'key').state).toBe('error');
      ownVault.close();
    } finally {
      hungVault.close();
      ownSession.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => hung.close(resolve));
      await own.close().catch(() => {});
    }
  });
});
