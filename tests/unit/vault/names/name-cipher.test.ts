import { hkdfSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aessiv } from '@noble/ciphers/aes.js';
import { createNameCipher } from '../../../../src/main/vault/names/name-cipher';
import { VaultError } from '../../../../src/main/vault/errors';

const nameKey = randomBytes(32);
const alice = createNameCipher({ nameKey, vaultId: 'vault-1', identityId: 'us-east-1:alice' });

function expectTampered(action: () => unknown): void {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(VaultError);
    expect((error as VaultError).code).toBe('TAMPERED');
    return;
  }
  throw new Error('decrypted');
}

/** Changes one character of a segment to another base64url character. */
function altered(segment: string, at: number): string {
  const replacement = segment[at] === 'A' ? 'B' : 'A';
  return segment.slice(0, at) + replacement + segment.slice(at + 1);
}

describe('name cipher', () => {
  it('round-trips unicode names through base64url segments without padding', () => {
    const names = [
      'Résumé.pdf',
      '日本語',
      'emoji 😀 file',
      'a',
      'x'.repeat(255),
      'spaces  and\ttabs?'.replace('\t', ' '),
    ];
    const sealed = alice.encryptPath(names);
    for (const segment of sealed) expect(segment).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(sealed.map((segment, index) => alice.decryptSegment(segment, sealed.slice(0, index)))).toEqual(names);
  });

  it('is deterministic: the same name in the same folder always gives the same segment', () => {
    expect(alice.encryptPath(['Photos', 'beach.jpg'])).toEqual(alice.encryptPath(['Photos', 'beach.jpg']));
    const again = createNameCipher({ nameKey, vaultId: 'vault-1', identityId: 'us-east-1:alice' });
    expect(again.encryptPath(['Photos'])).toEqual(alice.encryptPath(['Photos']));
  });

  it('gives the same segments from its folder memory as a fresh cipher, for over 1,000 folders', () => {
    const paths = Array.from({ length: 1200 }, (_, index) => [
      `Folder ${index % 1100}`,
      `Sub ${index % 3}`,
      `file ${index}`,
    ]);
    const warm = paths.map((path) => alice.encryptPath(path));
    const again = paths.map((path) => alice.encryptPath(path));
    const fresh = createNameCipher({ nameKey, vaultId: 'vault-1', identityId: 'us-east-1:alice' });
    expect(again).toEqual(warm);
    expect(paths.map((path) => fresh.encryptPath(path).at(-1))).toEqual(warm.map((segments) => segments.at(-1)));
    // A folder's segments are those of the folder itself, encrypted alone.
    expect(warm[5]!.slice(0, 2)).toEqual(fresh.encryptPath(['Folder 5', 'Sub 2']));
    expect(fresh.encryptPath([])).toEqual([]);
  });

  it('maps NFC and NFD spellings of a name to one segment', () => {
    const nfc = 'Caf\u00e9';
    const nfd = 'Cafe\u0301';
    expect(nfc).not.toBe(nfd);
    expect(alice.encryptPath([nfd])).toEqual(alice.encryptPath([nfc]));
    expect(alice.decryptSegment(alice.encryptPath([nfd])[0]!)).toBe(nfc);
  });

  it('gives different segments for another owner, another vault, another key, another folder', () => {
    const [segment] = alice.encryptPath(['report.pdf']);
    const bob = createNameCipher({ nameKey, vaultId: 'vault-1', identityId: 'us-east-1:bob' });
    const otherVault = createNameCipher({ nameKey, vaultId: 'vault-2', identityId: 'us-east-1:alice' });
    const otherKey = createNameCipher({ nameKey: randomBytes(32), vaultId: 'vault-1', identityId: 'us-east-1:alice' });
    expect(bob.encryptPath(['report.pdf'])[0]).not.toBe(segment);
    expect(otherVault.encryptPath(['report.pdf'])[0]).not.toBe(segment);
    expect(otherKey.encryptPath(['report.pdf'])[0]).not.toBe(segment);
    expect(alice.encryptPath(['Drafts', 'report.pdf'])[1]).not.toBe(segment);
  });

  it("fails with TAMPERED when a segment is moved to another person's tree, vault or folder", () => {
    const [folder, file] = alice.encryptPath(['Signed', 'contract.pdf']) as [string, string];
    const [otherFolder] = alice.encryptPath(['Drafts']) as [string];
    const sameKeyOtherOwner = createNameCipher({ nameKey, vaultId: 'vault-1', identityId: 'us-east-1:bob' });
    expectTampered(() => sameKeyOtherOwner.decryptSegment(folder));
    expectTampered(() =>
      createNameCipher({ nameKey, vaultId: 'vault-2', identityId: 'us-east-1:alice' }).decryptSegment(folder),
    );
    expectTampered(() => alice.decryptSegment(file, [otherFolder]));
    expectTampered(() => alice.decryptSegment(file)); // moved to the top folder
    expect(alice.decryptSegment(file, [folder])).toBe('contract.pdf');
  });

  it('fails with TAMPERED when any one character of a segment is altered', () => {
    const [segment] = alice.encryptPath(['holiday.jpg']) as [string];
    for (let at = 0; at < segment.length; at++) expectTampered(() => alice.decryptSegment(altered(segment, at)));
  });

  it('fails with TAMPERED on segments that are not canonical base64url or too short', () => {
    const [segment] = alice.encryptPath(['a']) as [string];
    expectTampered(() => alice.decryptSegment(`${segment}=`));
    expectTampered(() => alice.decryptSegment(segment.slice(0, -1)));
    expectTampered(() => alice.decryptSegment(`${segment.slice(0, -1)}+`)); // base64, not base64url
    expectTampered(() => alice.decryptSegment(''));
    expectTampered(() => alice.decryptSegment('.name-key'));
    expectTampered(() => alice.decryptSegment(Buffer.alloc(16).toString('base64url')));
  });

  it('refuses bad names before encrypting them', () => {
    for (const bad of ['', '.', '..', 'a/b', 'a\0b']) {
      expect(() => alice.encryptPath([bad])).toThrow(VaultError);
    }
    expect(() => createNameCipher({ nameKey: randomBytes(16), vaultId: 'v', identityId: 'i' })).toThrow(/256 bits/);
  });

  it('keeps its format, v1: HKDF-SHA256 to a 512-bit AES-SIV key, AD = vault, owner, folder', () => {
    // If these change, every existing object key becomes unreadable: v1 is frozen.
    const nameKey = Buffer.alloc(32, 7);
    const fixed = createNameCipher({ nameKey, vaultId: 'vault-1', identityId: 'us-east-1:alice' });
    const sealed = fixed.encryptPath(['Photos', 'beach.jpg']);
    expect(sealed).toEqual(['qnrx9ssQhn3F-dlSy6BCSB2iO2_Adw', 'ekjHTVT04UrXWW71N_Y7JbMqCH_DT1FXFA']);
    // The same, from the written-down format (what another implementation would do).
    const sivKey = new Uint8Array(hkdfSync('sha256', nameKey, new Uint8Array(0), 's3vault names v1', 64));
    const utf8 = (text: string) => new TextEncoder().encode(text);
    const bySpec = (name: string, folder: string) =>
      Buffer.from(aessiv(sivKey, utf8('vault-1'), utf8('us-east-1:alice'), utf8(folder)).encrypt(utf8(name))).toString(
        'base64url',
      );
    expect([bySpec('Photos', ''), bySpec('beach.jpg', sealed[0]!)]).toEqual(sealed);
  });

  it("uses RFC 5297 AES-SIV (the RFC's deterministic test vector, A.1)", () => {
    const key = Buffer.from('fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff', 'hex');
    const ad = Buffer.from('101112131415161718191a1b1c1d1e1f2021222324252627', 'hex');
    const plaintext = Buffer.from('112233445566778899aabbccddee', 'hex');
    expect(Buffer.from(aessiv(key, ad).encrypt(plaintext)).toString('hex')).toBe(
      '85632d07c6e8f37f950acd320a2ecc9340c02b9690c4dc04daef7f6afe5c',
    );
  });
});
