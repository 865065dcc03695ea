import { randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DATA_KEY_REUSE } from '../../../../src/main/vault/crypto/data-key-reuse';
import { createFileCipher, type FileCipher, type OwnerContext } from '../../../../src/main/vault/crypto/file-cipher';
import { CountingKeyring, encryptFile, owner, run, type EncryptedFile } from './support';

const MIB = 1024 * 1024;

function setup(cacheDataKeys: boolean) {
  const key = randomBytes(32);
  const keyring = new CountingKeyring(key);
  const cipher = createFileCipher({ keyring, cacheDataKeys, frameLength: 4096 });
  /** Another app instance with the same vault key: its own cache, its own counts. */
  const reader = (caching: boolean) => {
    const counting = new CountingKeyring(key);
    return { keyring: counting, cipher: createFileCipher({ keyring: counting, cacheDataKeys: caching }) };
  };
  return { keyring, cipher, reader };
}

/** Encrypts `count` small files, their sizes given (as uploads do) unless `sized` is false. */
async function smallFiles(cipher: FileCipher, count: number, sized = true, whose: OwnerContext = owner) {
  const files: (EncryptedFile & { plaintext: Buffer })[] = [];
  for (let i = 0; i < count; i++) {
    const plaintext = randomBytes(10 + (i % 7));
    const encrypted = await encryptFile(cipher, plaintext, {
      owner: whose,
      plaintextLength: sized ? plaintext.length : undefined,
    });
    files.push({ ...encrypted, plaintext });
  }
  return files;
}

async function decryptAll(cipher: FileCipher, files: (EncryptedFile & { plaintext: Buffer })[]): Promise<void> {
  for (const { message, context, plaintext } of files) {
    expect((await run(cipher.decryptStream(context), message)).equals(plaintext)).toBe(true);
  }
}

/** Encrypts `size` zero bytes (declared); keeps only the start of the message (its header). */
async function encryptSized(cipher: FileCipher, size: number): Promise<Buffer> {
  const block = Buffer.alloc(Math.min(size, MIB));
  const blocks = function* () {
    for (let left = size; left > 0; left -= block.length) yield left >= block.length ? block : block.subarray(0, left);
  };
  const kept: Buffer[] = [];
  let length = 0;
  await pipeline(
    Readable.from(blocks()),
    cipher.encryptStream(owner, size),
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        if (length < 8192) kept.push(chunk);
        length += chunk.length;
        callback();
      },
    }),
  );
  return Buffer.concat(kept);
}

describe('data key reuse (cacheDataKeys)', () => {
  it('has the documented limits', () => {
    expect(DATA_KEY_REUSE).toMatchObject({ maxAgeMs: 5 * 60 * 1000, maxMessages: 1000, maxBytes: 64 * MIB });
  });

  it('gives 50 small files of known size one data key, and each its own message id', async () => {
    const { keyring, cipher } = setup(true);
    const files = await smallFiles(cipher, 50);
    expect(keyring.encrypts).toBe(1);
    expect(new Set(files.map(({ message }) => keyring.keyOf(message)))).toEqual(new Set([0]));
    expect(new Set(files.map(({ context }) => context.file)).size).toBe(50);
    // The same instance decrypts them with one unwrap (its cache holds decrypt materials too).
    await decryptAll(cipher, files);
    expect(keyring.decrypts).toBe(1);
  });

  it('unwraps a shared data key once when decrypting with reuse, once per file without', async () => {
    const { cipher, reader } = setup(true);
    const files = await smallFiles(cipher, 50);
    const caching = reader(true);
    await decryptAll(caching.cipher, files);
    expect(caching.keyring.decrypts).toBe(1);
    const plain = reader(false);
    await decryptAll(plain.cipher, files);
    expect(plain.keyring.decrypts).toBe(50);
  });

  it('gives each file its own data key when its size is not given', async () => {
    const { keyring, cipher } = setup(true);
    const files = await smallFiles(cipher, 50, false);
    expect(keyring.encrypts).toBe(50);
    expect(new Set(files.map(({ message }) => keyring.keyOf(message))).size).toBe(50);
    await decryptAll(cipher, files);
  });

  it('gives each file its own data key without cacheDataKeys, and unwraps each', async () => {
    const { keyring, cipher } = setup(false);
    const files = await smallFiles(cipher, 50);
    expect(keyring.encrypts).toBe(50);
    expect(new Set(files.map(({ message }) => keyring.keyOf(message))).size).toBe(50);
    await decryptAll(cipher, files);
    expect(keyring.decrypts).toBe(50);
  });

  it('never shares a data key between owners (the context is part of the cache key)', async () => {
    const { keyring, cipher } = setup(true);
    const other: OwnerContext = { vault: owner.vault, owner: 'us-east-1:owner-2' };
    const otherVault: OwnerContext = { vault: 'vault-2', owner: owner.owner };
    const files = [];
    for (let i = 0; i < 5; i++) {
      for (const whose of [owner, other, otherVault]) files.push(...(await smallFiles(cipher, 1, true, whose)));
    }
    expect(keyring.encrypts).toBe(3);
    const keyByOwner = new Map<string, Set<number>>();
    for (const { message, context } of files) {
      const owned = `${context.vault}/${context.owner}`;
      keyByOwner.set(owned, (keyByOwner.get(owned) ?? new Set()).add(keyring.keyOf(message)));
    }
    expect([...keyByOwner.values()]).toEqual([new Set([0]), new Set([1]), new Set([2])]);
    await decryptAll(cipher, files);
    expect(keyring.decrypts).toBe(3);
  });

  it(`uses a data key for at most ${DATA_KEY_REUSE.maxMessages} messages`, async () => {
    // Measured: about 1 ms a message, 1-2 s for the lot.
    const { keyring, cipher } = setup(true);
    const files = await smallFiles(cipher, DATA_KEY_REUSE.maxMessages);
    expect(keyring.encrypts).toBe(1);
    const [next, after] = await smallFiles(cipher, 2);
    expect(keyring.encrypts).toBe(2);
    expect(keyring.keyOf(files.at(-1)!.message)).toBe(0);
    expect(keyring.keyOf(next!.message)).toBe(1);
    expect(keyring.keyOf(after!.message)).toBe(1);
  });

  it(`uses a data key for at most ${DATA_KEY_REUSE.maxBytes / MIB} MiB of plaintext, and only for files up to ${DATA_KEY_REUSE.maxFileBytes / MIB} MiB`, async () => {
    const { keyring, cipher } = setup(true);
    const filling = DATA_KEY_REUSE.maxBytes / DATA_KEY_REUSE.maxFileBytes;
    const keys = [];
    for (let i = 0; i < filling; i++) keys.push(keyring.keyOf(await encryptSized(cipher, DATA_KEY_REUSE.maxFileBytes)));
    for (const size of [1, DATA_KEY_REUSE.maxFileBytes + 1, 1])
      keys.push(keyring.keyOf(await encryptSized(cipher, size)));
    // The largest small files fill the limit exactly; the next byte needs a new
    // key. A larger file gets a key of its own, never cached: the small file
    // after it reuses the cached one.
    expect(keys).toEqual([...Array<number>(filling).fill(0), 1, 2, 1]);
  });

  describe('with the clock moved', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it(`uses a data key for at most ${DATA_KEY_REUSE.maxAgeMs / 60_000} minutes, encrypting and decrypting`, async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const start = Date.now();
      const { keyring, cipher } = setup(true);
      const [first] = await smallFiles(cipher, 1);
      await decryptAll(cipher, [first!]);
      vi.setSystemTime(start + DATA_KEY_REUSE.maxAgeMs - 1000);
      const [second] = await smallFiles(cipher, 1);
      await decryptAll(cipher, [first!]);
      expect([keyring.encrypts, keyring.decrypts]).toEqual([1, 1]);
      vi.setSystemTime(start + DATA_KEY_REUSE.maxAgeMs + 1);
      const [third] = await smallFiles(cipher, 1);
      await decryptAll(cipher, [first!, second!]);
      expect([keyring.encrypts, keyring.decrypts]).toEqual([2, 2]);
      expect([first, second, third].map((file) => keyring.keyOf(file!.message))).toEqual([0, 0, 1]);
    });
  });
});
