import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildClient, CommitmentPolicy } from '@aws-crypto/client-node';
import {
  createFileCipher,
  DEFAULT_FRAME_LENGTH,
  MAX_FRAME_LENGTH,
  type OwnerContext,
} from '../../../../src/main/vault/crypto/file-cipher';
import { VaultError } from '../../../../src/main/vault/errors';
import { encryptFile, messageLayout, owner, rawKeyring, run, runCollecting } from './support';

const FRAME = 4096;
const cipher = createFileCipher({ keyring: rawKeyring(), frameLength: FRAME });

describe('file cipher round trip', () => {
  it.each([
    ['0 bytes', 0],
    ['1 byte', 1],
    ['exactly one frame', FRAME],
    ['one frame and one byte', FRAME + 1],
    ['several frames and a partial one', 5 * FRAME + 123],
  ])('returns %s unchanged', async (_label, size) => {
    const plaintext = randomBytes(size);
    const { message, context } = await encryptFile(cipher, plaintext, { plaintextLength: size });
    expect(messageLayout(message.length, size, FRAME).headerLength).toBeGreaterThan(0);
    // Fed back one byte at a time and in large chunks: every boundary is crossed.
    for (const chunkSize of [1, 1000, 1 << 20]) {
      const decrypted = await run(
        cipher.decryptStream(context),
        message,
        size > 10_000 && chunkSize === 1 ? 97 : chunkSize,
      );
      expect(decrypted.equals(plaintext)).toBe(true);
    }
  });

  it('writes format v2 messages with the committing, unsigned suite (02 04 78)', async () => {
    const message = await run(cipher.encryptStream(owner), randomBytes(10));
    expect([...message.subarray(0, 3)]).toEqual([0x02, 0x04, 0x78]);
  });

  it('records exactly the owner context, the file id as message id, and the default frame length in the header', async () => {
    const key = randomBytes(32);
    const { message, context } = await encryptFile(createFileCipher({ keyring: rawKeyring(key) }), randomBytes(10));
    const { decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
    const { messageHeader } = await decrypt(rawKeyring(key), message);
    expect(messageHeader.encryptionContext).toEqual({ vault: owner.vault, owner: owner.owner });
    expect(context.file).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(messageHeader.messageId).toString('base64url')).toBe(context.file);
    expect(messageHeader.frameLength).toBe(DEFAULT_FRAME_LENGTH);
    expect(messageHeader.encryptedDataKeys).toHaveLength(1);
  });

  it('decrypts with any Encryption SDK given the key: no lock-in', async () => {
    const key = randomBytes(32);
    const plaintext = randomBytes(3 * FRAME + 5);
    const message = await run(
      createFileCipher({ keyring: rawKeyring(key), frameLength: FRAME }).encryptStream(owner),
      plaintext,
    );
    const { decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
    expect((await decrypt(rawKeyring(key), message)).plaintext.equals(plaintext)).toBe(true);
  });

  it('fails with CONFLICT when the file grows or shrinks while it is encrypted', async () => {
    for (const [declared, actual] of [
      [100, 101],
      [100, 99],
      [0, 1],
    ] as const) {
      const { error } = await runCollecting(cipher.encryptStream(owner, declared), randomBytes(actual), 7);
      expect(error).toBeInstanceOf(VaultError);
      expect((error as VaultError).code).toBe('CONFLICT');
    }
    // Chunks crossing frame boundaries with a declared length: the SDK's own
    // plaintextLength check would fail this correct stream.
    const plaintext = randomBytes(3 * FRAME + 10);
    const { message, context } = await encryptFile(cipher, plaintext, {
      plaintextLength: plaintext.length,
      chunkSize: FRAME + 1000,
    });
    expect((await run(cipher.decryptStream(context), message)).equals(plaintext)).toBe(true);
  });

  it('refuses frame lengths it could not decrypt, and incomplete contexts', () => {
    for (const frameLength of [0, -1, 1.5, MAX_FRAME_LENGTH + 1]) {
      expect(() => createFileCipher({ keyring: rawKeyring(), frameLength })).toThrow(VaultError);
    }
    expect(() => cipher.encryptStream({ ...owner, vault: '' })).toThrow(/vault/);
    expect(() => cipher.encryptStream({ ...owner, owner: '' })).toThrow(/owner/);
    expect(() => cipher.encryptStream({ vault: 'vault-1' } as OwnerContext)).toThrow(/owner/);
    expect(() => cipher.decryptStream({ ...owner, owner: '', file: 'f'.repeat(43) })).toThrow(/owner/);
    expect(() => cipher.decryptStream({ ...owner, vault: '', file: 'f'.repeat(43) })).toThrow(/vault/);
    for (const length of [-1, 1.5, Number.MAX_SAFE_INTEGER + 1]) {
      expect(() => cipher.encryptStream(owner, length)).toThrow(VaultError);
    }
  });

  it('decrypts nothing when the expected file id is missing', async () => {
    const { message } = await encryptFile(cipher, randomBytes(10));
    let output: Buffer = Buffer.alloc(0);
    let error: unknown;
    try {
      ({ output, error } = await runCollecting(cipher.decryptStream({ ...owner, file: '' }), message));
    } catch (thrown) {
      error = thrown; // refusing the context up front is as good
    }
    expect(error).toBeInstanceOf(VaultError);
    expect(['TAMPERED', 'INVALID_INPUT']).toContain((error as VaultError).code);
    expect(output.length).toBe(0);
  });
});
