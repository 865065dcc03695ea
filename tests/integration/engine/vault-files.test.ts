/**
 * The engine's files and transfers against the local backend (in process),
 * through the real SDKs: what goes up comes back bit for bit, and what S3
 * holds is ciphertext under encrypted names.
 */
import fs, { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLocalBackend, type LocalBackend } from '../../../src/local/server';
import { createFileCipher } from '../../../src/main/vault/crypto/file-cipher';
import { createKmsClient } from '../../../src/main/vault/crypto/kms-client';
import { createKmsKeyring } from '../../../src/main/vault/crypto/kms-keyring';
import { VaultError } from '../../../src/main/vault/errors';
import { createDirectObjects, encodeKey } from '../../../src/main/vault/s3/direct-objects';
import { createS3Client } from '../../../src/main/vault/s3/s3-client';
import type { VaultSession } from '../../../src/main/vault/session';
import { downloadFile } from '../../../src/main/vault/transfers/download-file';
import type { TransferDeps } from '../../../src/main/vault/transfers/transfer-deps';
import { WHOLE_FILE_LIMIT } from '../../../src/main/vault/transfers/upload-tuning';
import { WHOLE_OBJECT_LIMIT } from '../../../src/main/vault/transfers/whole-object-reader';
import { BLOCKING_WRITE } from '../../../src/main/vault/transfers/atomic-file';
import { createVault, type Vault } from '../../../src/main/vault/vault';
import { startRecordingProxy, type RecordedRequest, type RecordingProxy } from '../../support/recording-proxy';
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

  it('reads small files and writes streamed downloads with blocking calls when asked (the CLI), and the files round-trip', async () => {
    const folder = tempFolder('engine-blocking-reads');
    const hashes = new Map<string, string>();
    for (const [name, size] of [
      ['small.bin', 20_000],
      ['empty.bin', 0],
      ['large.bin', WHOLE_FILE_LIMIT + 1],
      // Past WHOLE_OBJECT_LIMIT: downloaded as a stream, not whole.
      ['larger.bin', WHOLE_OBJECT_LIMIT + 1],
    ] as const) {
      hashes.set(name, writeRandomFile(path.join(folder, name), size));
    }
    const cli = createVault(await signInTestSession(backend.profile, ALICE.username, ALICE.password), {
      blockingFileCalls: true,
    });
    const readSync = vi.spyOn(fs, 'readSync');
    const read = vi.spyOn(fs, 'read');
    try {
      const outcome = await cli.upload([folder], { to: 'Blocking' });
      expect(outcome.failed).toEqual([]);
      // The small files were read by readSync, not by the thread pool's read (the large one streams).
      expect(readSync).toHaveBeenCalled();
      expect(read).not.toHaveBeenCalled();
    } finally {
      readSync.mockRestore();
      read.mockRestore();
    }
    const out = path.join(tempFolder('engine-blocking-reads-get'), 'out');
    const writeSync = vi.spyOn(fs, 'writeSync');
    const opened = path.join(tempFolder('engine-blocking-reads-link'), 'opened.bin');
    try {
      await cli.download(`Blocking/${path.basename(folder)}`, out);
      // The largest file streamed, and was written by blocking calls of at most BLOCKING_WRITE bytes.
      const written = () => writeSync.mock.calls.map((call) => Number(call[3]));
      expect(written().reduce((sum, bytes) => sum + bytes, 0)).toBeGreaterThanOrEqual(WHOLE_OBJECT_LIMIT);
      expect(Math.max(...written())).toBeLessThanOrEqual(BLOCKING_WRITE);
      // So is a file opened through a share link.
      writeSync.mockClear();
      const link = await cli.share(`Blocking/${path.basename(folder)}/larger.bin`);
      await cli.openLink(link.url, opened);
      expect(written().reduce((sum, bytes) => sum + bytes, 0)).toBeGreaterThanOrEqual(WHOLE_OBJECT_LIMIT);
    } finally {
      writeSync.mockRestore();
    }
    expect(await sha256File(opened)).toBe(hashes.get('larger.bin'));
    for (const [name, hash] of hashes) expect(await sha256File(path.join(out, name)), name).toBe(hash);
    cli.close();
  });

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

/**
 * Small files (≤ WHOLE_FILE_LIMIT) go up whole in one direct PutObject, and
 * small objects (≤ WHOLE_OBJECT_LIMIT, by their listed size) come down whole
 * in one direct GetObject (direct-objects.ts). Which path a request took is
 * seen at a recording proxy between the vault and the backend: the SDK's
 * object requests carry `?x-id=PutObject` / `?x-id=GetObject`, the direct
 * ones no query at all.
 */
describe('small files, whole', () => {
  const MiB = 1024 * 1024;
  let proxy: RecordingProxy;
  let session: VaultSession;
  let vault: Vault;
  let bucket: string;

  beforeAll(async () => {
    proxy = await startRecordingProxy(backend.port);
    session = await signInTestSession(backend.profile, ALICE.username, ALICE.password);
    vault = createVault({ ...session, profile: { ...session.profile, endpoint: proxy.url } });
    bucket = backend.profile.bucket;
  });
  afterAll(async () => {
    vault?.close();
    await proxy?.close();
  });

  /** The requests for the object `key`, in order. */
  const requestsFor = (key: string): RecordedRequest[] =>
    proxy.requests.filter((request) => request.url.split('?')[0] === `/${bucket}/${encodeKey(key)}`);
  /**
   * How a request for an object was sent: by the direct requests (PUT and GET, no query), or by the SDK
   * (which adds ?x-id=<operation> to them). Only the SDK sends HEAD (HeadObject, without x-id).
   */
  const pathOf = (request: RecordedRequest): string => {
    if (request.method === 'HEAD') return 'HEAD';
    return `${request.method} ${request.url.includes('?') ? (/x-id=(\w+)/.exec(request.url)?.[1] ?? 'sdk') : 'direct'}`;
  };

  it('uploads 0 B, 1 B and 1 MiB whole and 1 MiB + 1 streamed, and downloads all four byte-identical', async () => {
    expect(WHOLE_FILE_LIMIT).toBe(MiB);
    const folder = path.join(tempFolder('engine-whole'), 'Edges');
    mkdirSync(folder);
    const sizes = { 'zero.bin': 0, 'one.bin': 1, 'mebibyte.bin': MiB, 'over.bin': MiB + 1 };
    const hashes = new Map<string, string>();
    for (const [name, size] of Object.entries(sizes)) hashes.set(name, writeRandomFile(path.join(folder, name), size));

    proxy.requests.length = 0;
    const outcome = await vault.upload([folder]);
    expect(outcome.failed).toEqual([]);
    const uploaded = new Map(outcome.uploaded.map((file) => [path.basename(file.path), file]));
    expect([...uploaded.keys()].sort()).toEqual(Object.keys(sizes).sort());

    const admin = adminS3(backend.profile);
    for (const [name, file] of uploaded) {
      const puts = requestsFor(file.key).filter((request) => request.method === 'PUT');
      const whole = name !== 'over.bin';
      expect(puts.map(pathOf), name).toEqual([whole ? 'PUT direct' : 'PUT PutObject']);
      expect(puts[0]!.status, name).toBe(200);
      const stored = await objectBytes(admin, bucket, file.key);
      if (whole) {
        // One signed PutObject: the payload's SHA-256 in the signature, no aws-chunked body, no SDK checksums.
        const { headers } = puts[0]!;
        expect(headers['if-none-match'], name).toBe('*');
        expect(headers['x-amz-content-sha256'], name).toMatch(/^[0-9a-f]{64}$/);
        expect(headers['content-length'], name).toBe(String(stored.length));
        expect(headers['x-amz-meta-file-id'], name).toBe(file.fileId);
        expect(headers['content-encoding'], name).toBeUndefined();
        expect(headers['transfer-encoding'], name).toBeUndefined();
        expect(headers['x-amz-decoded-content-length'], name).toBeUndefined();
        expect(
          Object.keys(headers).filter((header) => /^x-amz-(sdk-)?checksum/.test(header)),
          name,
        ).toEqual([]);
      }
      // An Encryption SDK v2 message (version 02, suite 0478) whose 32-byte message id is the file id.
      expect([...stored.subarray(0, 3)], name).toEqual([0x02, 0x04, 0x78]);
      const messageId = stored.subarray(3, 35).toString('base64url');
      expect(file.fileId, name).toHaveLength(43);
      expect(file.fileId, name).toBe(messageId);
      const head = await admin.send(new HeadObjectCommand({ Bucket: bucket, Key: file.key }));
      expect(head.Metadata, name).toEqual({
        'file-id': messageId,
        'plaintext-size': String(sizes[name as keyof typeof sizes]),
      });
    }
    admin.destroy();

    // A folder download knows each object's size from its listing: all four objects are small enough to come whole.
    proxy.requests.length = 0;
    const out = path.join(tempFolder('engine-whole-get'), 'Edges');
    const result = await vault.download('Edges', out);
    expect(result.kind === 'folder' && result.failed).toEqual([]);
    for (const [name, file] of uploaded) {
      expect(await sha256File(path.join(out, name)), name).toBe(hashes.get(name));
      expect(requestsFor(file.key).map(pathOf), name).toEqual(['GET direct']);
    }
    expect(readdirSync(out).sort()).toEqual(Object.keys(sizes).sort());

    // One file by its path (a single-file download) comes back identical too.
    const single = path.join(tempFolder('engine-whole-single'), 'one.bin');
    await vault.download('Edges/one.bin', single);
    expect(await sha256File(single)).toBe(hashes.get('one.bin'));
  });

  it('refuses the same name again without overwrite (CONFLICT), and replaces it with overwrite', async () => {
    const folder = tempFolder('engine-whole-twice');
    const small = path.join(folder, 'twice.txt');
    const large = path.join(folder, 'twice-large.bin');
    writeFileSync(small, 'first version');
    writeRandomFile(large, MiB + 1);
    const first = await vault.upload([small, large], { to: 'Twice' });
    expect(first.failed).toEqual([]);

    writeFileSync(small, 'second version, longer');
    const largeHash = writeRandomFile(large, MiB + 1);
    const again = await vault.upload([small, large], { to: 'Twice' });
    expect(again.uploaded).toEqual([]);
    expect(again.failed.map((failure) => [path.basename(failure.path), failure.error.code]).sort()).toEqual([
      ['twice-large.bin', 'CONFLICT'],
      ['twice.txt', 'CONFLICT'],
    ]);
    for (const failure of again.failed) expect(failure.error.message).toMatch(/is already in the vault/);
    const smallKey = first.uploaded.find((file) => file.path === 'Twice/twice.txt')!.key;
    // The refused whole upload was one conditional direct PUT (412), then a HEAD to see whose object is there.
    expect(requestsFor(smallKey).map((request) => [pathOf(request), request.status])).toEqual([
      ['PUT direct', 200],
      ['PUT direct', 412],
      ['HEAD', 200],
    ]);

    const replaced = await vault.upload([small, large], { to: 'Twice', overwrite: true });
    expect(replaced.failed).toEqual([]);
    const replacedSmall = replaced.uploaded.find((file) => file.path === 'Twice/twice.txt')!;
    expect(replacedSmall.fileId).not.toBe(first.uploaded.find((file) => file.path === 'Twice/twice.txt')!.fileId);
    const lastPut = requestsFor(smallKey)
      .filter((request) => request.method === 'PUT')
      .pop()!;
    expect(pathOf(lastPut)).toBe('PUT direct');
    expect(lastPut.headers['if-none-match']).toBeUndefined();

    const out = tempFolder('engine-whole-twice-get');
    await vault.download('Twice', path.join(out, 'Twice'));
    expect(readFileSync(path.join(out, 'Twice', 'twice.txt'), 'utf8')).toBe('second version, longer');
    expect(await sha256File(path.join(out, 'Twice', 'twice-large.bin'))).toBe(largeHash);
  });

  it('downloads a folder of 30 small files (whole) and a 3 MiB file (streamed) identical, syncing the folder once', async () => {
    const folder = path.join(tempFolder('engine-whole-many'), 'Many');
    mkdirSync(folder);
    const hashes = new Map<string, string>();
    for (let i = 0; i < 30; i++) {
      const name = `small-${String(i).padStart(2, '0')}.bin`;
      hashes.set(name, writeRandomFile(path.join(folder, name), Math.floor(Math.random() * 40_000)));
    }
    hashes.set('large.bin', writeRandomFile(path.join(folder, 'large.bin'), 3 * MiB));
    const outcome = await vault.upload([folder]);
    expect(outcome.failed).toEqual([]);
    expect(outcome.uploaded).toHaveLength(31);

    proxy.requests.length = 0;
    const out = path.join(tempFolder('engine-whole-many-get'), 'Many');
    // Folders are opened "r" to be fsynced; the 31 new names in `out` should cost one.
    const open = vi.spyOn(fs, 'open');
    const lstat = vi.spyOn(fs, 'lstat');
    let result, opened, checked;
    try {
      result = await vault.download('Many', out);
    } finally {
      opened = open.mock.calls.map(([file, flags]) => [file, flags]);
      checked = lstat.mock.calls.map(([file]) => String(file));
      open.mockRestore();
      lstat.mockRestore();
    }
    // `out` was made by this download: its files need no check before they are fetched.
    expect(checked.filter((file) => file.startsWith(out))).toEqual([]);
    expect(opened.filter(([file, flags]) => file === out && flags === 'r')).toHaveLength(
      process.platform === 'win32' ? 0 : 1,
    );
    // `out` itself is a new name (made by the download) in its parent: synced once too.
    expect(opened.filter(([file, flags]) => file === path.dirname(out) && flags === 'r')).toHaveLength(
      process.platform === 'win32' ? 0 : 1,
    );
    expect(result.kind === 'folder' && result.failed).toEqual([]);
    expect(readdirSync(out).sort()).toEqual([...hashes.keys()].sort());
    for (const [name, hash] of hashes) expect(await sha256File(path.join(out, name)), name).toBe(hash);
    for (const file of outcome.uploaded) {
      const expected = file.path.endsWith('large.bin') ? 'GET GetObject' : 'GET direct';
      expect(requestsFor(file.key).map(pathOf), file.path).toEqual([expected]);
    }
  });

  it('takes a whole upload whose answer was lost (the retry meets its own object) as done', async () => {
    const source = path.join(tempFolder('engine-whole-lost'), 'lost-answer.txt');
    writeFileSync(source, 'the answer to this PUT is lost');
    let reset = false;
    proxy.requests.length = 0;
    proxy.decide = (request) => {
      const directPut =
        request.method === 'PUT' && !request.url?.includes('?') && request.url?.startsWith(`/${bucket}/`);
      if (!directPut || reset) return { kind: 'forward' };
      reset = true;
      return { kind: 'reset-after-forward' };
    };
    try {
      const outcome = await vault.upload([source]);
      expect(outcome.failed).toEqual([]);
      const [file] = outcome.uploaded;
      expect(requestsFor(file!.key).map((request) => [pathOf(request), request.status])).toEqual([
        ['PUT direct', 200],
        ['PUT direct', 412],
        ['HEAD', 200],
      ]);
    } finally {
      proxy.decide = () => ({ kind: 'forward' });
    }
    const out = path.join(tempFolder('engine-whole-lost-get'), 'back.txt');
    await vault.download('lost-answer.txt', out);
    expect(readFileSync(out, 'utf8')).toBe('the answer to this PUT is lost');
  });

  it('cancels a whole upload whose request hangs (CANCELLED), leaving nothing', async () => {
    const source = path.join(tempFolder('engine-whole-cancel'), 'hanging.txt');
    writeFileSync(source, 'never arrives');
    const controller = new AbortController();
    proxy.requests.length = 0;
    proxy.decide = (request) => {
      const directPut = request.method === 'PUT' && !request.url?.includes('?');
      if (directPut) setTimeout(() => controller.abort(), 50);
      return directPut ? { kind: 'stall' } : { kind: 'forward' };
    };
    try {
      const outcome = await vault.upload([source], { signal: controller.signal });
      expect(outcome.uploaded).toEqual([]);
      expect(outcome.failed.map((failure) => failure.error.code)).toEqual(['CANCELLED']);
    } finally {
      proxy.decide = () => ({ kind: 'forward' });
    }
    expect((await vault.list('')).entries.map((entry) => entry.name)).not.toContain('hanging.txt');
  });

  describe('downloadFile with a listed size', () => {
    let deps: TransferDeps;
    let kms: ReturnType<typeof createKmsClient>;

    beforeAll(() => {
      const profile = { ...session.profile, endpoint: proxy.url };
      kms = createKmsClient({ region: profile.region, endpoint: profile.endpoint, credentials: session.credentials });
      deps = {
        s3: createS3Client(profile, session.credentials),
        bucket,
        cipher: createFileCipher({ keyring: createKmsKeyring({ keyArn: profile.keyArn, client: kms }) }),
        objects: createDirectObjects(profile, session.credentials),
        vaultId: profile.vaultId,
        identityId: session.identityId,
      };
    });
    afterAll(() => {
      deps?.s3.destroy();
      kms?.destroy();
    });

    it('streams an object that turns out larger than listed (replaced since), after the whole GET refused it', async () => {
      const source = path.join(tempFolder('engine-whole-fallback'), 'grown.bin');
      const hash = writeRandomFile(source, 3 * MiB);
      const [file] = (await vault.upload([source], { to: 'Fallback' })).uploaded;
      proxy.requests.length = 0;
      const target = path.join(tempFolder('engine-whole-fallback-get'), 'grown.bin');
      const done = await downloadFile(deps, { path: file!.path, key: file!.key, target, size: 1000 });
      expect(done.size).toBe(3 * MiB);
      expect(await sha256File(target)).toBe(hash);
      expect(requestsFor(file!.key).map(pathOf)).toEqual(['GET direct', 'GET GetObject']);
      expect(WHOLE_OBJECT_LIMIT).toBeLessThan(3 * MiB);
    });

    it('says NOT_FOUND for a missing object listed as small (members get 403 for it)', async () => {
      const target = path.join(tempFolder('engine-whole-missing'), 'missing.bin');
      const key = `private/${session.identityId}/v1/no-such-object`;
      const error = await rejection(downloadFile(deps, { path: 'missing.bin', key, target, size: 100 }));
      expect(error.code).toBe('NOT_FOUND');
      expect(requestsFor(key).map((request) => [pathOf(request), request.status])).toEqual([['GET direct', 403]]);
      expect(readdirSync(path.dirname(target))).toEqual([]);
    });
  });
});
