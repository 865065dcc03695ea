/**
 * The engine's files and transfers against the local backend (in process),
 * through the real SDKs: what goes up comes back bit for bit, and what S3
 * holds is ciphertext under encrypted names.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalBackend, type LocalBackend } from '../../../src/local/server';
import { VaultError } from '../../../src/main/vault/errors';
import { createVault, type Vault } from '../../../src/main/vault/vault';
import { signInTestSession } from '../../support/test-session';
import { ALICE, adminS3, BOB, listAll, objectBytes, sha256File, tempFolder, writeRandomFile } from './engine-support';

let backend: LocalBackend;
let alice: Vault;
let bob: Vault;
const work = tempFolder('engine-files');

beforeAll(async () => {
  backend = await startLocalBackend({ dataDir: tempFolder('engine-files-data'), users: [ALICE, BOB] });
  alice = createVault(await signInTestSession(backend.profile, ALICE.username, ALICE.password));
  bob = createVault(await signInTestSession(backend.profile, BOB.username, BOB.password));
});

afterAll(async () => {
  alice?.close();
  bob?.close();
  await backend?.close();
});

const rejection = async (promise: Promise<unknown>): Promise<VaultError> => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(VaultError);
  return error as VaultError;
};

describe('files', () => {
  const empty = path.join(work, 'empty.txt');
  const mebibyte = path.join(work, 'Quarterly report (draft).bin');
  let mebibyteHash = '';

  it('uploads a 0-byte and a 1 MiB file and lists their names and plaintext sizes', async () => {
    writeFileSync(empty, '');
    mebibyteHash = writeRandomFile(mebibyte, 1024 * 1024);
    const outcome = await alice.upload([empty, mebibyte], { to: 'Reports' });
    expect(outcome.failed).toEqual([]);
    expect(outcome.uploaded.map((file) => file.path).sort()).toEqual([
      'Reports/Quarterly report (draft).bin',
      'Reports/empty.txt',
    ]);

    const top = await alice.list('');
    expect(top.entries).toEqual([{ kind: 'folder', name: 'Reports', path: 'Reports' }]);
    const reports = await alice.list('/Reports/');
    expect(
      reports.entries.map((entry) => ({ kind: entry.kind, name: entry.name, size: 'size' in entry && entry.size })),
    ).toEqual([
      { kind: 'file', name: 'empty.txt', size: 0 },
      { kind: 'file', name: 'Quarterly report (draft).bin', size: 1024 * 1024 },
    ]);
    const stored = reports.entries.find((entry) => entry.name === 'empty.txt');
    expect(stored?.kind === 'file' && stored.storedSize).toBeGreaterThan(0);
  });

  it('downloads them back with the same SHA-256', async () => {
    const out = tempFolder('engine-get');
    await alice.download('Reports/empty.txt', path.join(out, 'empty.txt'));
    await alice.download('Reports/Quarterly report (draft).bin', path.join(out, 'report.bin'));
    expect(await sha256File(path.join(out, 'empty.txt'))).toBe(await sha256File(empty));
    expect(await sha256File(path.join(out, 'report.bin'))).toBe(mebibyteHash);
    expect(readdirSync(out).sort()).toEqual(['empty.txt', 'report.bin']);
  });

  it('keeps no plaintext name and no 64-byte stretch of plaintext in the bucket', async () => {
    const admin = adminS3(backend.profile);
    const objects = await listAll(admin, backend.profile.bucket);
    expect(objects.length).toBeGreaterThan(0);
    for (const object of objects) {
      expect(object.Key).not.toMatch(/Reports|Quarterly|empty|report/i);
    }
    const { readFileSync } = await import('node:fs');
    const plaintext = readFileSync(mebibyte);
    const report = objects.find((object) => (object.Size ?? 0) > 1024 * 1024)!;
    const ciphertext = await objectBytes(admin, backend.profile.bucket, report.Key!);
    expect(ciphertext.subarray(0, 3)).toEqual(Buffer.from([0x02, 0x04, 0x78]));
    for (let offset = 0; offset + 64 <= plaintext.length; offset += 4099) {
      expect(ciphertext.indexOf(plaintext.subarray(offset, offset + 64))).toBe(-1);
    }
    admin.destroy();
  });

  it('refuses to overwrite, in the vault and on disk, unless asked', async () => {
    const again = await alice.upload([empty], { to: 'Reports' });
    expect(again.failed.map((failure) => failure.error.code)).toEqual(['CONFLICT']);
    const replaced = await alice.upload([empty], { to: 'Reports', overwrite: true });
    expect(replaced.failed).toEqual([]);

    const out = tempFolder('engine-get-exists');
    writeFileSync(path.join(out, 'taken'), 'mine');
    const error = await rejection(alice.download('Reports/empty.txt', path.join(out, 'taken')));
    expect(error.code).toBe('CONFLICT');
    await alice.download('Reports/empty.txt', path.join(out, 'taken'), { overwrite: true });
    expect(readdirSync(out)).toEqual(['taken']);
  });

  it('uploads a folder tree and downloads it back, empty folders included', async () => {
    const tree = path.join(work, 'Photos');
    mkdirSync(path.join(tree, '2026', 'summer'), { recursive: true });
    mkdirSync(path.join(tree, 'empty'), { recursive: true });
    writeFileSync(path.join(tree, 'a.txt'), 'a');
    writeFileSync(path.join(tree, '2026', 'b.txt'), 'bb');
    writeFileSync(path.join(tree, '2026', 'summer', 'c.txt'), 'ccc');
    const outcome = await alice.upload([tree]);
    expect(outcome.failed).toEqual([]);
    expect(outcome.uploaded).toHaveLength(3);
    expect(outcome.folders).toEqual(['Photos/empty']);

    expect((await alice.list('Photos')).entries.map((entry) => `${entry.kind}:${entry.name}`)).toEqual([
      'folder:2026',
      'folder:empty',
      'file:a.txt',
    ]);
    const out = path.join(tempFolder('engine-tree'), 'copy');
    const result = await alice.download('Photos', out);
    expect(result.kind === 'folder' && result.failed).toEqual([]);
    expect(existsSync(path.join(out, 'empty'))).toBe(true);
    expect(await sha256File(path.join(out, '2026', 'summer', 'c.txt'))).toBe(
      await sha256File(path.join(tree, '2026', 'summer', 'c.txt')),
    );
  });

  it('makes folders, moves and renames files and folders, and removes them', async () => {
    await alice.mkdir('Archive');
    expect((await rejection(alice.mkdir('Archive'))).code).toBe('CONFLICT');
    await alice.move('Photos/a.txt', 'Archive/renamed.txt');
    await alice.move('Photos/2026', 'Archive/2026');
    expect((await alice.list('Archive')).entries.map((entry) => entry.path)).toEqual([
      'Archive/2026',
      'Archive/renamed.txt',
    ]);
    // A moved file keeps its file id (metadata), so it still decrypts.
    const out = tempFolder('engine-moved');
    await alice.download('Archive/2026/summer/c.txt', path.join(out, 'c.txt'));
    expect(await sha256File(path.join(out, 'c.txt'))).toBe(
      await sha256File(path.join(work, 'Photos/2026/summer/c.txt')),
    );
    expect((await rejection(alice.move('Archive/renamed.txt', 'Archive/2026'))).code).toBe('CONFLICT');
    expect((await rejection(alice.move('Archive', 'Archive/inside'))).code).toBe('INVALID_INPUT');

    expect((await rejection(alice.remove('Archive'))).code).toBe('CONFLICT');
    expect(await alice.remove('Archive', { recursive: true })).toEqual({ kind: 'folder', files: 3 });
    expect((await rejection(alice.list('Archive'))).code).toBe('NOT_FOUND');
    expect((await rejection(alice.remove('Archive'))).code).toBe('NOT_FOUND');
    expect((await rejection(alice.download('nothing-here.txt', path.join(out, 'x')))).code).toBe('NOT_FOUND');
  });

  it("keeps bob out of alice's files (AccessDenied)", async () => {
    const { ListObjectsV2Command, GetObjectCommand, S3Client } = await import('@aws-sdk/client-s3');
    const session = await signInTestSession(backend.profile, BOB.username, BOB.password);
    const s3 = new S3Client({
      region: backend.profile.region,
      endpoint: backend.profile.endpoint,
      forcePathStyle: true,
      credentials: session.credentials,
    });
    const admin = adminS3(backend.profile);
    const aliceKeys = await listAll(admin, backend.profile.bucket, `private/${alice.identityId}/`);
    await expect(
      s3.send(new ListObjectsV2Command({ Bucket: backend.profile.bucket, Prefix: `private/${alice.identityId}/` })),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(
      s3.send(new GetObjectCommand({ Bucket: backend.profile.bucket, Key: aliceKeys[0]!.Key! })),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
    // Bob's own vault is empty and separate.
    expect((await bob.list('')).entries).toEqual([]);
    s3.destroy();
    admin.destroy();
  });
});

describe('many small files', () => {
  const frame = 256 * 1024;

  it(
    'lists plaintext sizes derived from stored sizes, equal to what each object records',
    { timeout: 120_000 },
    async () => {
      const folder = tempFolder('engine-sizes');
      const sizes = [0, 1, 2, 15, 16, 17, 1000, frame - 1, frame, frame + 1, 2 * frame - 1, 2 * frame, 2 * frame + 1];
      for (let i = 0; i < 27; i++) sizes.push(Math.floor(Math.random() * 3 * frame));
      sizes.forEach((size, index) => writeRandomFile(path.join(folder, `f${String(index).padStart(3, '0')}`), size));
      const outcome = await alice.upload([folder], { to: 'Sizes' });
      expect(outcome.failed).toEqual([]);

      // A new session: nothing cached, so the sizes are derived (and any that cannot be, read with a HEAD).
      const fresh = createVault(await signInTestSession(backend.profile, ALICE.username, ALICE.password));
      try {
        const name = path.basename(folder);
        const listing = await fresh.list(`Sizes/${name}`);
        const listed = listing.entries.map((entry) => (entry.kind === 'file' ? entry.size : -1));
        expect(listed).toEqual(sizes);
        // And the same as the metadata says, object by object.
        const admin = adminS3(backend.profile);
        const objects = await listAll(admin, backend.profile.bucket, `private/${fresh.identityId}/`);
        const recorded = new Map<number, number>();
        for (const object of objects) {
          const head = await admin.send(new HeadObjectCommand({ Bucket: backend.profile.bucket, Key: object.Key! }));
          const size = head.Metadata?.['plaintext-size'];
          if (size !== undefined) recorded.set(object.Size!, Number(size));
        }
        for (const entry of listing.entries) {
          if (entry.kind === 'file') expect(recorded.get(entry.storedSize)).toBe(entry.size);
        }
        admin.destroy();
      } finally {
        fresh.close();
      }
    },
  );

  it('refuses files whose path is taken, by a file or a folder, in a batch of many', { timeout: 60_000 }, async () => {
    const folder = tempFolder('engine-batch');
    for (let i = 0; i < 10; i++) writeRandomFile(path.join(folder, `n${i}`), 100);
    await alice.mkdir(`Batch/${path.basename(folder)}/n3`);
    const first = await alice.upload([folder], { to: 'Batch' });
    expect(first.failed.map((failure) => [failure.path.split('/').pop(), failure.error.code])).toEqual([
      ['n3', 'CONFLICT'],
    ]);
    expect(first.failed[0]!.error.message).toMatch(/is a folder in the vault/);
    expect(first.uploaded).toHaveLength(9);

    const again = await alice.upload([folder], { to: 'Batch' });
    expect(again.uploaded).toEqual([]);
    expect(again.failed).toHaveLength(10);
    for (const failure of again.failed) {
      expect(failure.error.code).toBe('CONFLICT');
      if (!failure.path.endsWith('/n3')) expect(failure.error.message).toMatch(/is already in the vault/);
    }
  });
});
