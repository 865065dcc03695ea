import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createFileCipher } from '../../../../src/main/vault/crypto/file-cipher';
import { decryptToFile } from '../../../../src/main/vault/transfers/decrypt-to-file';
import { partialPathFor } from '../../../../src/main/vault/transfers/atomic-file';
import { encryptFile, owner, rawKeyring, type EncryptedFile } from '../crypto/support';

const cipher = createFileCipher({ keyring: rawKeyring(), frameLength: 4096 });
const folder = () => mkdtempSync(path.join(tmpdir(), 's3vault-decrypt-to-file-'));

/** A file's message (as an upload makes it) and the context it decrypts with. */
async function encrypted(plaintext: Buffer): Promise<EncryptedFile> {
  return encryptFile(cipher, plaintext, { plaintextLength: plaintext.length });
}

/** The message in chunks, as a download would deliver it. */
const source = (bytes: Buffer) => Readable.from([bytes.subarray(0, 5000), bytes.subarray(5000)]);

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('decryptToFile', () => {
  it('writes the plaintext to the target, with progress, and nothing else', async () => {
    const plaintext = randomBytes(50_000);
    const dir = folder();
    const target = path.join(dir, 'file.bin');
    const progress: number[] = [];
    const { message, context } = await encrypted(plaintext);
    const size = await decryptToFile({
      cipher,
      context,
      ciphertext: source(message),
      target,
      overwrite: false,
      total: plaintext.length,
      onProgress: (bytes) => progress.push(bytes),
    });
    expect(size).toBe(plaintext.length);
    expect(readFileSync(target)).toEqual(plaintext);
    expect(progress.at(-1)).toBe(plaintext.length);
    expect(readdirSync(dir)).toEqual(['file.bin']);
  });

  it('leaves no file, and no partial file, when a frame was altered', async () => {
    const { message: bytes, context } = await encrypted(randomBytes(50_000));
    bytes[30_000] = bytes[30_000]! ^ 1;
    const dir = folder();
    const error = await outcome(
      decryptToFile({
        cipher,
        context,
        ciphertext: source(bytes),
        target: path.join(dir, 'f'),
        overwrite: false,
        total: 0,
      }),
    );
    expect(error).toMatchObject({ code: 'TAMPERED' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves no file when the message was cut short', async () => {
    const { message: bytes, context } = await encrypted(randomBytes(50_000));
    const dir = folder();
    const error = await outcome(
      decryptToFile({
        cipher,
        context,
        ciphertext: Readable.from([bytes.subarray(0, bytes.length - 100)]),
        target: path.join(dir, 'f'),
        overwrite: false,
        total: 0,
      }),
    );
    expect(error).toMatchObject({ code: 'TAMPERED' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses to replace a file unless asked, and replaces it when asked', async () => {
    const plaintext = randomBytes(1000);
    const dir = folder();
    const target = path.join(dir, 'taken');
    writeFileSync(target, 'mine');
    const { message, context } = await encrypted(plaintext);
    const refused = await outcome(
      decryptToFile({
        cipher,
        context,
        ciphertext: source(message),
        target,
        overwrite: false,
        total: 0,
      }),
    );
    expect(refused).toMatchObject({ code: 'CONFLICT' });
    expect(readFileSync(target, 'utf8')).toBe('mine');
    await decryptToFile({
      cipher,
      context,
      ciphertext: source(message),
      target,
      overwrite: true,
      total: 0,
    });
    expect(readFileSync(target)).toEqual(plaintext);
    expect(readdirSync(dir)).toEqual(['taken']);
  });

  it('says the disk is full when writing fails with ENOSPC, and removes the partial file', async () => {
    const dir = folder();
    const failing = new Readable({
      read() {
        this.destroy(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }));
      },
    });
    const error = await outcome(
      decryptToFile({
        cipher,
        context: { ...owner, file: 'A'.repeat(43) },
        ciphertext: failing,
        target: path.join(dir, 'f'),
        overwrite: false,
        total: 0,
      }),
    );
    expect(error).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/^The disk is full/) });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('cancels: CANCELLED, and no file', async () => {
    const dir = folder();
    const controller = new AbortController();
    // A real message's first frames, then a stall (as a download that hangs).
    const { message, context } = await encrypted(randomBytes(50_000));
    const start = message.subarray(0, 10_000);
    let sent = false;
    const endless = new Readable({
      read() {
        if (!sent) this.push(start);
        sent = true;
      },
    });
    setTimeout(() => controller.abort(), 30);
    const error = await outcome(
      decryptToFile({
        cipher,
        context,
        ciphertext: endless,
        target: path.join(dir, 'f'),
        overwrite: false,
        total: 0,
        signal: controller.signal,
      }),
    );
    expect(error).toMatchObject({ code: 'CANCELLED' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('names the partial file beside the target, hidden', () => {
    const partial = partialPathFor('/data/report.pdf');
    expect(path.dirname(partial)).toBe('/data');
    expect(path.basename(partial)).toMatch(/^\.report\.pdf\.s3vault-partial-[0-9a-f]{12}$/);
    expect(existsSync(partial)).toBe(false);
  });
});
