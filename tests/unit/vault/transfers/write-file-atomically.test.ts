import { randomBytes } from 'node:crypto';
import fs, { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeFileAtomically } from '../../../../src/main/vault/transfers/write-file-atomically';

const folder = () => mkdtempSync(path.join(tmpdir(), 's3vault-write-atomically-'));

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

/** Makes the next call of fs[name] fail with `code`, as the disk would. */
function failNext(name: 'write' | 'fdatasync' | 'close' | 'link' | 'rename' | 'unlink', code: string): void {
  vi.spyOn(fs, name).mockImplementationOnce(((...args: unknown[]) => {
    const callback = args.at(-1) as (error: Error) => void;
    process.nextTick(() => callback(Object.assign(new Error(code), { code })));
  }) as never);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('writeFileAtomically', () => {
  it('writes the data under the target, and nothing else', async () => {
    const dir = folder();
    const data = randomBytes(16 * 1024);
    await writeFileAtomically(path.join(dir, 'f.bin'), data, { overwrite: false });
    expect(readFileSync(path.join(dir, 'f.bin'))).toEqual(data);
    await writeFileAtomically(path.join(dir, 'empty'), Buffer.alloc(0), { overwrite: false });
    expect(readFileSync(path.join(dir, 'empty'))).toHaveLength(0);
    expect(readdirSync(dir).sort()).toEqual(['empty', 'f.bin']);
  });

  it('writes through short writes', async () => {
    const dir = folder();
    const data = randomBytes(10_000);
    const write = fs.write;
    // Each write takes at most 3,000 bytes.
    vi.spyOn(fs, 'write').mockImplementation(((
      fd: number,
      buffer: Buffer,
      offset: number,
      length: number,
      position: number,
      callback: never,
    ) => write(fd, buffer, offset, Math.min(length, 3000), position, callback)) as never);
    await writeFileAtomically(path.join(dir, 'f'), data, { overwrite: false });
    expect(fs.write).toHaveBeenCalledTimes(4);
    expect(readFileSync(path.join(dir, 'f'))).toEqual(data);
  });

  it('without overwrite: CONFLICT when the target exists, which stays untouched, and no temporary file', async () => {
    const dir = folder();
    const target = path.join(dir, 'taken');
    writeFileSync(target, 'mine');
    const error = await outcome(writeFileAtomically(target, randomBytes(100), { overwrite: false }));
    expect(error).toMatchObject({ code: 'CONFLICT' });
    expect(readFileSync(target, 'utf8')).toBe('mine');
    expect(readdirSync(dir)).toEqual(['taken']);
  });

  it('with overwrite: replaces the target', async () => {
    const dir = folder();
    const target = path.join(dir, 'taken');
    writeFileSync(target, 'mine');
    const data = randomBytes(100);
    await writeFileAtomically(target, data, { overwrite: true });
    expect(readFileSync(target)).toEqual(data);
    expect(readdirSync(dir)).toEqual(['taken']);
  });

  it('never replaces a folder, even with overwrite, and leaves no temporary file', async () => {
    const dir = folder();
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'sub', 'inside'), 'kept');
    const error = await outcome(writeFileAtomically(path.join(dir, 'sub'), randomBytes(10), { overwrite: true }));
    expect(error).toMatchObject({ code: expect.any(String) });
    expect(readdirSync(dir)).toEqual(['sub']);
    expect(readFileSync(path.join(dir, 'sub', 'inside'), 'utf8')).toBe('kept');
  });

  it('says the folder does not exist when it was removed', async () => {
    const dir = folder();
    const gone = path.join(dir, 'gone');
    const error = await outcome(writeFileAtomically(path.join(gone, 'f'), randomBytes(10), { overwrite: false }));
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/^The folder of/) });
    expect(readdirSync(dir)).toEqual([]);
  });

  it.each([
    ['write', 'ENOSPC', 'UNAVAILABLE'],
    ['fdatasync', 'EIO', 'UNAVAILABLE'],
    ['close', 'EIO', 'UNAVAILABLE'],
    ['link', 'EACCES', 'ACCESS_DENIED'],
  ] as const)('removes the temporary file when %s fails (%s), and names the error', async (call, code, vaultCode) => {
    const dir = folder();
    failNext(call, code);
    const error = await outcome(writeFileAtomically(path.join(dir, 'f'), randomBytes(1000), { overwrite: false }));
    expect(error).toMatchObject({ code: vaultCode });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('removes the temporary file and keeps the old target when the rename of an overwrite fails', async () => {
    const dir = folder();
    writeFileSync(path.join(dir, 'f'), 'old');
    failNext('rename', 'EIO');
    const error = await outcome(writeFileAtomically(path.join(dir, 'f'), randomBytes(1000), { overwrite: true }));
    expect(error).toMatchObject({ code: 'UNAVAILABLE' });
    expect(readdirSync(dir)).toEqual(['f']);
    expect(readFileSync(path.join(dir, 'f'), 'utf8')).toBe('old');
  });

  it('succeeds once the file has its name, even if its temporary name cannot be removed', async () => {
    const dir = folder();
    const data = randomBytes(1000);
    failNext('unlink', 'EIO');
    await writeFileAtomically(path.join(dir, 'f'), data, { overwrite: false });
    expect(readFileSync(path.join(dir, 'f'))).toEqual(data);
  });

  it('cancelled before: CANCELLED, and no file', async () => {
    const dir = folder();
    const controller = new AbortController();
    controller.abort();
    const error = await outcome(
      writeFileAtomically(path.join(dir, 'f'), randomBytes(10), { overwrite: false, signal: controller.signal }),
    );
    expect(error).toMatchObject({ code: 'CANCELLED' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('cancelled while writing: CANCELLED, and no file (and no temporary file)', async () => {
    const dir = folder();
    const controller = new AbortController();
    const fdatasync = fs.fdatasync;
    vi.spyOn(fs, 'fdatasync').mockImplementationOnce(((fd: number, callback: never) => {
      controller.abort();
      fdatasync(fd, callback);
    }) as never);
    const error = await outcome(
      writeFileAtomically(path.join(dir, 'f'), randomBytes(10), { overwrite: false, signal: controller.signal }),
    );
    expect(error).toMatchObject({ code: 'CANCELLED' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('fdatasyncs the file before it has its name', async () => {
    const dir = folder();
    const calls: string[] = [];
    for (const name of ['fdatasync', 'close', 'link', 'unlink', 'fsync'] as const) {
      const original = fs[name] as (...args: unknown[]) => void;
      vi.spyOn(fs, name).mockImplementation(((...args: unknown[]) => {
        calls.push(name);
        original(...args);
      }) as never);
    }
    await writeFileAtomically(path.join(dir, 'f'), randomBytes(10), { overwrite: false });
    // fsync: the folder's, once the file has its name (not on Windows).
    expect(calls).toEqual([
      'fdatasync',
      'close',
      'link',
      'unlink',
      ...(process.platform === 'win32' ? [] : ['fsync', 'close']),
    ]);
    rmSync(dir, { recursive: true });
  });
});
