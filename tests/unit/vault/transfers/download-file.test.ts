import { randomBytes } from 'node:crypto';
import fs, { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFileCipher } from '../../../../src/main/vault/crypto/file-cipher';
import { fileMetadata } from '../../../../src/main/vault/s3/file-metadata';
import type { DirectObjects } from '../../../../src/main/vault/s3/direct-objects';
import { downloadFile } from '../../../../src/main/vault/transfers/download-file';
import { FolderSyncs } from '../../../../src/main/vault/transfers/folder-syncs';
import type { TransferDeps } from '../../../../src/main/vault/transfers/transfer-deps';
import { encryptFile, owner, rawKeyring } from '../crypto/support';

const cipher = createFileCipher({ keyring: rawKeyring(), frameLength: 4096 });
const folder = () => mkdtempSync(path.join(tmpdir(), 's3vault-download-file-'));

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

/** Transfer deps whose only object is `message`, served whole (as the direct GET of a small object). */
function depsServing(message: Buffer, fileId: string, plaintextSize: number) {
  const get = vi.fn(async (_key: string, options: { signal?: AbortSignal }) => {
    options.signal?.throwIfAborted();
    return { body: message, metadata: fileMetadata(fileId, plaintextSize), etag: '"e"' };
  });
  const deps = {
    s3: undefined as never,
    bucket: 'bucket',
    cipher,
    objects: { get, put: vi.fn() } as unknown as DirectObjects,
    vaultId: owner.vault,
    identityId: owner.owner,
  } satisfies TransferDeps;
  return { deps, get };
}

async function smallFile(size = 16 * 1024) {
  const plaintext = randomBytes(size);
  const { message, context } = await encryptFile(cipher, plaintext, { plaintextLength: size });
  return { plaintext, ...depsServing(message, context.file, size), size: message.length };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('downloadFile of a small object (whole)', () => {
  it('writes the plaintext, reports (size, size) once, checks the target once and syncs its folder', async () => {
    const { plaintext, deps, size } = await smallFile();
    const dir = folder();
    const target = path.join(dir, 'f.bin');
    const lstat = vi.spyOn(fs, 'lstat');
    const fsync = vi.spyOn(fs, 'fsync');
    const progress: Array<[number, number]> = [];
    const done = await downloadFile(
      deps,
      { path: 'f.bin', key: 'k', target, size },
      { onProgress: (bytes, total) => progress.push([bytes, total]) },
    );
    expect(done).toEqual({ path: 'f.bin', target, size: plaintext.length });
    expect(readFileSync(target)).toEqual(plaintext);
    expect(readdirSync(dir)).toEqual(['f.bin']);
    expect(progress).toEqual([[plaintext.length, plaintext.length]]);
    expect(lstat).toHaveBeenCalledTimes(1);
    expect(fsync).toHaveBeenCalledTimes(process.platform === 'win32' ? 0 : 1);
  });

  it("leaves the folder's sync to the batch's collector when given one", async () => {
    const { deps, size } = await smallFile();
    const dir = folder();
    const fsync = vi.spyOn(fs, 'fsync');
    const folderSyncs = new FolderSyncs();
    const add = vi.spyOn(folderSyncs, 'add');
    await downloadFile(deps, { path: 'f.bin', key: 'k', target: path.join(dir, 'f.bin'), size }, { folderSyncs });
    expect(fsync).not.toHaveBeenCalled();
    expect(add).toHaveBeenCalledWith(dir);
  });

  it('CONFLICT before fetching anything when the target exists', async () => {
    const { deps, get, size } = await smallFile();
    const dir = folder();
    writeFileSync(path.join(dir, 'f'), 'mine');
    const error = await outcome(downloadFile(deps, { path: 'f', key: 'k', target: path.join(dir, 'f'), size }));
    expect(error).toMatchObject({ code: 'CONFLICT' });
    expect(get).not.toHaveBeenCalled();
    expect(readFileSync(path.join(dir, 'f'), 'utf8')).toBe('mine');
    expect(readdirSync(dir)).toEqual(['f']);
  });

  it('replaces the target with overwrite', async () => {
    const { plaintext, deps, size } = await smallFile(100);
    const dir = folder();
    writeFileSync(path.join(dir, 'f'), 'mine');
    await downloadFile(deps, { path: 'f', key: 'k', target: path.join(dir, 'f'), size }, { overwrite: true });
    expect(readFileSync(path.join(dir, 'f'))).toEqual(plaintext);
    expect(readdirSync(dir)).toEqual(['f']);
  });

  it('TAMPERED, and no file, when the object was altered', async () => {
    const plaintext = randomBytes(10_000);
    const { message, context } = await encryptFile(cipher, plaintext, { plaintextLength: plaintext.length });
    message[message.length - 5]! ^= 1;
    const { deps } = depsServing(message, context.file, plaintext.length);
    const dir = folder();
    const error = await outcome(
      downloadFile(deps, { path: 'f', key: 'k', target: path.join(dir, 'f'), size: message.length }),
    );
    expect(error).toMatchObject({ code: 'TAMPERED' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('cancelled before: CANCELLED, and no file', async () => {
    const { deps, size } = await smallFile();
    const dir = folder();
    const controller = new AbortController();
    controller.abort();
    const error = await outcome(
      downloadFile(deps, { path: 'f', key: 'k', target: path.join(dir, 'f'), size }, { signal: controller.signal }),
    );
    expect(error).toMatchObject({ code: 'CANCELLED' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('cancelled while decrypting: CANCELLED, and no file', async () => {
    const { deps, size } = await smallFile();
    const dir = folder();
    const controller = new AbortController();
    const decryptMessage = cipher.decryptMessage.bind(cipher);
    const cancelling = {
      ...deps,
      cipher: {
        ...cipher,
        decryptMessage: async (...args: Parameters<typeof cipher.decryptMessage>) => {
          controller.abort();
          return decryptMessage(...args);
        },
      },
    };
    const error = await outcome(
      downloadFile(
        cancelling,
        { path: 'f', key: 'k', target: path.join(dir, 'f'), size },
        { signal: controller.signal },
      ),
    );
    expect(error).toMatchObject({ code: 'CANCELLED' });
    expect(readdirSync(dir)).toEqual([]);
  });
});
