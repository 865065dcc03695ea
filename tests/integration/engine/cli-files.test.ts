/**
 * The file commands as a person runs them: `s3vault` processes against a
 * local backend process, signed in with `s3vault login`. Includes a 300 MiB
 * round trip whose throughput and peak memory are measured and printed.
 */
import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDropProxy, type DropProxy } from '../../support/drop-proxy';
import { startBackendProcess, type BackendProcess } from '../../support/local-backend-process';
import { runCli } from '../../support/run-cli';
import {
  adminS3,
  ALICE,
  BOB,
  listAll,
  objectBytes,
  openMultipartUploads,
  sha256File,
  tempFolder,
  writeRandomFile,
} from './engine-support';

const MiB = 1024 * 1024;
const dataDir = path.join(tempFolder('cli-files'), 'data');
const work = tempFolder('cli-files-work');
let backend: BackendProcess;
let profileFile: string;
const aliceHome = { S3VAULT_HOME: path.join(work, 'alice-home') };
const bobHome = { S3VAULT_HOME: path.join(work, 'bob-home') };

const cli = (args: string[], env: Record<string, string> = aliceHome, input?: string) => runCli(args, env, { input });

async function login(user: { username: string; password: string }, env: Record<string, string>, profile: string) {
  const run = await cli(
    ['login', '--username', user.username, '--profile', profile, '--password-stdin'],
    env,
    `${user.password}\n`,
  );
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
}

beforeAll(async () => {
  backend = await startBackendProcess(dataDir, [
    `${ALICE.username}:${ALICE.password}`,
    `${BOB.username}:${BOB.password}`,
  ]);
  profileFile = path.join(work, 'profile.json');
  writeFileSync(profileFile, JSON.stringify(backend.profile));
  await login(ALICE, aliceHome, profileFile);
  await login(BOB, bobHome, profileFile);
}, 60_000);

afterAll(async () => {
  await backend?.stop();
});

describe('s3vault put, ls, get', () => {
  const empty = path.join(work, 'nothing.txt');
  const one = path.join(work, 'one-mebibyte.bin');
  const big = path.join(work, 'three-hundred.bin');
  const hashes: Record<string, string> = {};

  it('puts a 0-byte, a 1 MiB and a 300 MiB file; ls shows names and sizes', { timeout: 180_000 }, async () => {
    writeFileSync(empty, '');
    hashes.one = writeRandomFile(one, MiB);
    hashes.big = writeRandomFile(big, 300 * MiB);

    const small = await cli(['put', empty, one, '--to', 'inbox']);
    expect(small.stderr).toBe(''); // not a TTY: no progress line
    expect(small.code).toBe(0);

    const put = await cli(['put', big, '--to', 'inbox']);
    expect(put.stderr).toBe('');
    expect(put.code).toBe(0);
    console.log(
      `CLI put 300 MiB: ${(put.ms / 1000).toFixed(1)} s (${(300 / (put.ms / 1000)).toFixed(0)} MiB/s), peak RSS ${(put.peakRss / MiB).toFixed(0)} MiB`,
    );
    expect(put.peakRss).toBeGreaterThan(0);
    expect(put.peakRss).toBeLessThan(200 * 1000 * 1000);

    const ls = await cli(['ls', 'inbox', '--json']);
    expect(ls.code).toBe(0);
    const listing = JSON.parse(ls.stdout) as { entries: Array<{ name: string; size: number; kind: string }> };
    expect(listing.entries.map(({ kind, name, size }) => ({ kind, name, size }))).toEqual([
      { kind: 'file', name: 'nothing.txt', size: 0 },
      { kind: 'file', name: 'one-mebibyte.bin', size: MiB },
      { kind: 'file', name: 'three-hundred.bin', size: 300 * MiB },
    ]);
    const human = await cli(['ls']);
    expect(human.stdout).toMatch(/ inbox\/$/m);
  });

  it('gets them back with the same SHA-256, the 300 MiB one in bounded memory', { timeout: 180_000 }, async () => {
    const out = tempFolder('cli-get');
    for (const [name, source] of [
      ['nothing.txt', empty],
      ['one-mebibyte.bin', one],
    ] as const) {
      const run = await cli(['get', `inbox/${name}`, '--out', path.join(out, name)]);
      expect(run.code).toBe(0);
      expect(await sha256File(path.join(out, name))).toBe(await sha256File(source));
    }
    const get = await cli(['get', 'inbox/three-hundred.bin', '--out', path.join(out, 'big.bin')]);
    expect(get.stderr).toBe('');
    expect(get.code).toBe(0);
    console.log(
      `CLI get 300 MiB: ${(get.ms / 1000).toFixed(1)} s (${(300 / (get.ms / 1000)).toFixed(0)} MiB/s), peak RSS ${(get.peakRss / MiB).toFixed(0)} MiB`,
    );
    expect(get.peakRss).toBeLessThan(200 * 1000 * 1000);
    expect(await sha256File(path.join(out, 'big.bin'))).toBe(hashes.big);
    expect(readdirSync(out).sort()).toEqual(['big.bin', 'nothing.txt', 'one-mebibyte.bin']);
  });

  it('stores neither names nor plaintext: the bucket as its administrator sees it', async () => {
    const admin = adminS3(backend.profile);
    const objects = await listAll(admin, backend.profile.bucket, 'private/');
    for (const object of objects) expect(object.Key).not.toMatch(/inbox|nothing|mebibyte|hundred/);
    const plaintext = readFileSync(one);
    const stored = objects.find((object) => object.Size! > MiB && object.Size! < 2 * MiB)!;
    const ciphertext = await objectBytes(admin, backend.profile.bucket, stored.Key!);
    for (let offset = 0; offset + 64 <= plaintext.length; offset += 1021) {
      expect(ciphertext.indexOf(plaintext.subarray(offset, offset + 64))).toBe(-1);
    }
    admin.destroy();
  });

  it('fails get with an integrity error (exit 8) when the stored object was altered, leaving no file', async () => {
    const ls = JSON.parse((await cli(['ls', 'inbox', '--json'])).stdout) as { entries: Array<{ name: string }> };
    expect(ls.entries.length).toBe(3);
    const admin = adminS3(backend.profile);
    const objects = await listAll(admin, backend.profile.bucket, 'private/');
    const target = objects.find((object) => object.Size! > MiB && object.Size! < 2 * MiB)!;
    admin.destroy();
    let file = '';
    for (const line of readFileSync(path.join(dataDir, 's3', 'index', `${backend.profile.bucket}.jsonl`), 'utf8').split(
      '\n',
    )) {
      const entry = line ? (JSON.parse(line) as { op: string; meta?: { key: string; file: string } }) : undefined;
      if (entry?.op === 'put' && entry.meta!.key === target.Key) file = entry.meta!.file;
    }
    const dataFile = path.join(dataDir, 's3', 'data', backend.profile.bucket, file.slice(0, 2), file);
    const fd = openSync(dataFile, 'r+');
    const byte = Buffer.alloc(1);
    readSync(fd, byte, 0, 1, 4096);
    writeSync(fd, Buffer.from([byte[0]! ^ 0x80]), 0, 1, 4096);
    closeSync(fd);

    const out = tempFolder('cli-tampered');
    const get = await cli(['get', 'inbox/one-mebibyte.bin', '--out', path.join(out, 'one.bin')]);
    expect(get.code).toBe(8);
    expect(get.stderr).toMatch(/^s3vault get: .*integrity check/);
    expect(readdirSync(out)).toEqual([]);
    const json = await cli(['get', 'inbox/one-mebibyte.bin', '--out', path.join(out, 'one.bin'), '--json']);
    expect(JSON.parse(json.stdout)).toEqual({
      error: { code: 'TAMPERED', message: expect.stringMatching(/integrity/) },
    });
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('s3vault share, open-link, links', () => {
  it("shares a file that bob opens with his own access, while alice's folder stays closed to him", async () => {
    const source = path.join(work, 'for-bob.txt');
    writeFileSync(source, 'only for bob\n'.repeat(1000));
    expect((await cli(['put', source])).code).toBe(0);
    const share = await cli(['share', 'for-bob.txt', '--expires', '15m', '--json']);
    expect(share.code).toBe(0);
    const link = JSON.parse(share.stdout) as {
      url: string;
      appLink: string;
      expiresAt: string;
      expiresInSeconds: number;
    };
    expect(link.expiresInSeconds).toBe(900);

    const raw = Buffer.from(await (await fetch(link.url)).arrayBuffer());
    expect([...raw.subarray(0, 3)]).toEqual([0x02, 0x04, 0x78]);
    expect(raw.includes(Buffer.from('only for bob'))).toBe(false);

    const out = tempFolder('cli-bob');
    // Without --out: the name the app link carries, in the current folder.
    const named = await runCli(['open-link', link.appLink], bobHome, { cwd: out });
    expect(named.code).toBe(0);
    expect(readFileSync(path.join(out, 'for-bob.txt'), 'utf8')).toBe('only for bob\n'.repeat(1000));
    const run = await runCli(['open-link', link.appLink, '--out', path.join(out, 'got.txt')], bobHome);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(readFileSync(path.join(out, 'got.txt'), 'utf8')).toBe('only for bob\n'.repeat(1000));

    const human = await cli(['share', 'for-bob.txt', '--expires', '7d']);
    expect(human.stdout).toMatch(/^link: {6}http:\/\/127\.0\.0\.1:\d+\/.+X-Amz-Signature=/m);
    expect(human.stdout).toMatch(/^app link: {2}s3vault:\/\/open\?url=/m);
    expect(human.stdout).toMatch(/^expires: .+\(20\d\d-.+Z, in \d+ min\)$/m);
    expect(human.stdout).toMatch(/^note: .*credentials that signed it expire/m);

    const links = JSON.parse((await cli(['links', '--json'])).stdout) as Array<{ path: string; active: boolean }>;
    expect(links.map((entry) => entry.path)).toEqual(['for-bob.txt', 'for-bob.txt']);
    expect(links.every((entry) => entry.active)).toBe(true);
    expect(readFileSync(path.join(aliceHome.S3VAULT_HOME, 'links.json'), 'utf8')).not.toMatch(
      /Signature|Security-Token/,
    );

    // Bob, with his own credentials, cannot list alice's folder (the SDK, straight).
    const { signInTestSession } = await import('../../support/test-session');
    const bobSession = await signInTestSession(backend.profile, BOB.username, BOB.password);
    const aliceSession = await signInTestSession(backend.profile, ALICE.username, ALICE.password);
    const { createS3Client } = await import('../../../src/main/vault/s3/s3-client');
    const s3 = createS3Client(bobSession.profile, bobSession.credentials);
    await expect(
      s3.send(
        new ListObjectsV2Command({ Bucket: backend.profile.bucket, Prefix: `private/${aliceSession.identityId}/` }),
      ),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
    s3.destroy();
  });

  it('refuses a link after its expiry, and a link with a forged signature', { timeout: 30_000 }, async () => {
    const share = await cli(['share', 'for-bob.txt', '--expires', '2s', '--json']);
    const link = JSON.parse(share.stdout) as { url: string; appLink: string };
    const out = tempFolder('cli-expired');
    const signature = /X-Amz-Signature=([0-9a-f]+)/.exec(link.url)![1]!;
    const forged = link.url.replace(signature, (signature[0] === 'a' ? 'b' : 'a') + signature.slice(1));
    const forgedRun = await runCli(['open-link', forged, '--out', path.join(out, 'x'), '--json'], bobHome);
    expect(forgedRun.code).toBe(4);
    expect(JSON.parse(forgedRun.stdout)).toEqual({
      error: { code: 'ACCESS_DENIED', message: 'The link is not valid (its signature does not match).' },
    });
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect((await fetch(link.url)).status).toBe(403);
    const late = await runCli(['open-link', link.appLink, '--out', path.join(out, 'x')], bobHome);
    expect(late.code).toBe(5);
    expect(late.stderr).toMatch(/^s3vault open-link: This link expired at /);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('s3vault on a flaky network', () => {
  let proxy: DropProxy;
  const flakyHome = { S3VAULT_HOME: path.join(work, 'flaky-home') };

  beforeAll(async () => {
    proxy = await startDropProxy(Number(new URL(backend.url).port));
    const flakyProfile = path.join(work, 'flaky-profile.json');
    writeFileSync(flakyProfile, JSON.stringify({ ...backend.profile, endpoint: proxy.url }));
    await login(ALICE, flakyHome, flakyProfile);
  });
  afterAll(async () => {
    await proxy?.close();
  });

  it('completes an upload whose connection dropped after 12 MiB', { timeout: 60_000 }, async () => {
    const source = path.join(work, 'flaky.bin');
    const hash = writeRandomFile(source, 40 * MiB);
    proxy.arm('up', 12 * MiB);
    const put = await cli(['put', source, '--to', 'flaky'], flakyHome);
    expect(put.stderr).toBe('');
    expect(put.code).toBe(0);
    expect(proxy.drops).toBe(1);
    const out = tempFolder('cli-flaky');
    const get = await cli(['get', 'flaky/flaky.bin', '--out', path.join(out, 'flaky.bin')], flakyHome);
    expect(get.code).toBe(0);
    expect(await sha256File(path.join(out, 'flaky.bin'))).toBe(hash);
    const admin = adminS3(backend.profile);
    expect(await openMultipartUploads(admin, backend.profile.bucket, 'private/')).toBe(0);
    admin.destroy();
  });
});

describe('s3vault put, interrupted', () => {
  it(
    'cancels on Ctrl-C: exit 130, no file in the vault, no incomplete multipart upload',
    { timeout: 60_000 },
    async () => {
      const source = path.join(work, 'three-hundred.bin');
      // Once in full, to know when the upload is surely under way: half-way through.
      const run = await cli(['put', source, '--to', 'warm'], aliceHome);
      expect(run.code).toBe(0);
      const interrupted = await runCli(['put', source, '--to', 'interrupted'], aliceHome, {
        interruptAfterMs: run.ms / 2,
      });
      expect(interrupted.code).toBe(130);
      expect(interrupted.stderr).toMatch(/cancelling/);
      expect(interrupted.stderr).toMatch(/^s3vault put: .*cancelled/m);
      expect((await cli(['ls', 'interrupted'])).code).toBe(5);
      const admin = adminS3(backend.profile);
      expect(await openMultipartUploads(admin, backend.profile.bucket, 'private/')).toBe(0);
      admin.destroy();
    },
  );
});

describe('s3vault rm, mv, mkdir and errors', () => {
  it('moves, makes folders, removes, and reports failures on stderr with exit codes', async () => {
    expect((await cli(['mkdir', 'archive'])).code).toBe(0);
    expect((await cli(['mv', 'for-bob.txt', 'archive/'])).code).toBe(0);
    const archive = JSON.parse((await cli(['ls', 'archive', '--json'])).stdout) as { entries: Array<{ path: string }> };
    expect(archive.entries.map((entry) => entry.path)).toEqual(['archive/for-bob.txt']);

    const notEmpty = await cli(['rm', 'archive']);
    expect(notEmpty.code).toBe(6);
    expect(notEmpty.stderr).toMatch(/^s3vault rm: “archive” is a folder that is not empty/);
    expect((await cli(['rm', '-r', 'archive'])).code).toBe(0);
    const gone = await cli(['ls', 'archive', '--json']);
    expect(gone.code).toBe(5);
    expect(JSON.parse(gone.stdout)).toEqual({
      error: { code: 'NOT_FOUND', message: '“archive” is not in the vault.' },
    });

    const missing = await cli(['put', path.join(work, 'no-such-file')]);
    expect(missing.code).toBe(5);
    expect(existsSync(path.join(work, 'no-such-file'))).toBe(false);
    const again = await cli([
      'put',
      path.join(work, 'for-bob.txt'),
      path.join(work, 'nothing.txt'),
      '--to',
      'inbox',
      '--json',
    ]);
    expect(again.code).toBe(6);
    const outcome = JSON.parse(again.stdout) as {
      uploaded: unknown[];
      failed: Array<{ error: { code: string } }>;
      error: { code: string };
    };
    expect(outcome.uploaded).toHaveLength(1);
    expect(outcome.failed.map((failure) => failure.error.code)).toEqual(['CONFLICT']);
    expect(outcome.error.code).toBe('CONFLICT');

    const admin = adminS3(backend.profile);
    expect(await openMultipartUploads(admin, backend.profile.bucket, 'private/')).toBe(0);
    admin.destroy();
  });
});
