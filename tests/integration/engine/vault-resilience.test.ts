/**
 * What the engine does when things go wrong: an object altered at rest, a
 * cancelled upload, connections dropped in the middle of an upload and a
 * download. Nothing half-written is left behind, anywhere.
 */
import { readdirSync, readFileSync, writeFileSync, openSync, readSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalBackend, type LocalBackend } from '../../../src/local/server';
import { VaultError } from '../../../src/main/vault/errors';
import type { VaultSession } from '../../../src/main/vault/session';
import { createVault, type Vault } from '../../../src/main/vault/vault';
import { startDropProxy, type DropProxy } from '../../support/drop-proxy';
import { signInTestSession } from '../../support/test-session';
import {
  adminS3,
  ALICE,
  listAll,
  openMultipartUploads,
  sha256File,
  tempFolder,
  writeRandomFile,
} from './engine-support';

let backend: LocalBackend;
let session: VaultSession;
let alice: Vault;
const dataDir = tempFolder('engine-resilience-data');
const work = tempFolder('engine-resilience');
const MiB = 1024 * 1024;

beforeAll(async () => {
  backend = await startLocalBackend({ dataDir, users: [ALICE] });
  session = await signInTestSession(backend.profile, ALICE.username, ALICE.password);
  alice = createVault(session);
});

afterAll(async () => {
  alice?.close();
  await backend?.close();
});

/** The data file the local backend keeps an object's bytes in (see src/local/s3/README.md). */
function objectDataFile(key: string): string {
  const bucket = backend.profile.bucket;
  let file = '';
  for (const line of readFileSync(path.join(dataDir, 's3', 'index', `${bucket}.jsonl`), 'utf8').split('\n')) {
    if (!line) continue;
    const entry = JSON.parse(line) as { op: string; meta?: { key: string; file: string }; key?: string };
    if (entry.op === 'put' && entry.meta!.key === key) file = entry.meta!.file;
    if (entry.op === 'del' && entry.key === key) file = '';
  }
  if (!file) throw new Error(`no data file for ${key}`);
  return path.join(dataDir, 's3', 'data', bucket, file.slice(0, 2), file);
}

async function failure(promise: Promise<unknown>): Promise<VaultError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(VaultError);
  return error as VaultError;
}

describe('integrity', () => {
  it('fails get with TAMPERED when one byte of the stored object changed, and leaves no file', async () => {
    const source = path.join(work, 'ledger.bin');
    writeRandomFile(source, MiB);
    const [uploaded] = (await alice.upload([source])).uploaded;
    const dataFile = objectDataFile(uploaded!.key);
    const fd = openSync(dataFile, 'r+');
    const byte = Buffer.alloc(1);
    const offset = 600 * 1024;
    readSync(fd, byte, 0, 1, offset);
    byte[0] = byte[0]! ^ 0x01;
    writeSync(fd, byte, 0, 1, offset);
    closeSync(fd);

    const out = tempFolder('engine-tampered');
    const error = await failure(alice.download('ledger.bin', path.join(out, 'ledger.bin')));
    expect(error.code).toBe('TAMPERED');
    expect(error.message).toMatch(/integrity/);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('cancel', () => {
  it('cancels an upload mid-way and leaves no incomplete multipart upload', { timeout: 60_000 }, async () => {
    const source = path.join(work, 'big-cancelled.bin');
    writeRandomFile(source, 96 * MiB);
    const controller = new AbortController();
    const admin = adminS3(backend.profile);
    const prefix = `private/${alice.identityId}/`;
    let seen = 0;
    let inProgress: Promise<number> | undefined;
    const outcome = await alice.upload([source], {
      signal: controller.signal,
      onProgress(progress) {
        seen = progress.bytes;
        // Proof that there was a multipart upload to clean up.
        if (progress.bytes >= 24 * MiB) inProgress ??= openMultipartUploads(admin, backend.profile.bucket, prefix);
        if (progress.bytes >= 40 * MiB) controller.abort();
      },
    });
    expect(await inProgress).toBe(1);
    expect(seen).toBeGreaterThanOrEqual(40 * MiB);
    expect(seen).toBeLessThan(96 * MiB);
    expect(outcome.uploaded).toEqual([]);
    expect(outcome.failed.map((failed) => failed.error.code)).toEqual(['CANCELLED']);

    expect(await openMultipartUploads(admin, backend.profile.bucket, prefix)).toBe(0);
    const listing = await alice.list('');
    expect(listing.entries.map((entry) => entry.name)).not.toContain('big-cancelled.bin');
    expect(
      (await listAll(admin, backend.profile.bucket, prefix)).every((object) => (object.Size ?? 0) < 90 * MiB),
    ).toBe(true);
    admin.destroy();
  });
});

describe('a flaky network', () => {
  let proxy: DropProxy;
  let flaky: Vault;

  beforeAll(async () => {
    proxy = await startDropProxy(backend.port);
    const viaProxy: VaultSession = { ...session, profile: { ...session.profile, endpoint: proxy.url } };
    flaky = createVault(viaProxy);
  });
  afterAll(async () => {
    flaky?.close();
    await proxy?.close();
  });

  it('finishes an upload whose connection dropped mid-way, and a download likewise', { timeout: 60_000 }, async () => {
    const source = path.join(work, 'flaky.bin');
    const hash = writeRandomFile(source, 24 * MiB);
    await flaky.list(''); // the name key first, so the drop falls into the file's parts
    proxy.arm('up', 10 * MiB);
    const outcome = await flaky.upload([source]);
    expect(outcome.failed).toEqual([]);
    expect(proxy.drops).toBe(1);

    const out = tempFolder('engine-flaky');
    proxy.arm('down', 12 * MiB);
    await flaky.download('flaky.bin', path.join(out, 'flaky.bin'));
    expect(proxy.drops).toBe(2);
    expect(await sha256File(path.join(out, 'flaky.bin'))).toBe(hash);
    expect(readdirSync(out)).toEqual(['flaky.bin']);
    const admin = adminS3(backend.profile);
    expect(await openMultipartUploads(admin, backend.profile.bucket, `private/${alice.identityId}/`)).toBe(0);
    admin.destroy();
  });

  it('retries a small upload whose connection dropped', async () => {
    const source = path.join(work, 'small-flaky.txt');
    writeFileSync(source, 'x'.repeat(200_000));
    proxy.arm('up', 100_000);
    const outcome = await flaky.upload([source]);
    expect(outcome.failed).toEqual([]);
    expect(proxy.drops).toBe(3);
    const out = tempFolder('engine-small-flaky');
    await flaky.download('small-flaky.txt', path.join(out, 'back.txt'));
    expect(readFileSync(path.join(out, 'back.txt'), 'utf8')).toBe('x'.repeat(200_000));
  });
});
