import { describe, expect, it } from 'vitest';
import { MAX_SEGMENT_BYTES, normalizeSegment, splitPath } from '../../../../src/main/vault/names/segment-rules';
import { VaultError } from '../../../../src/main/vault/errors';

function refusal(name: string): VaultError {
  try {
    normalizeSegment(name);
  } catch (error) {
    expect(error).toBeInstanceOf(VaultError);
    expect((error as VaultError).code).toBe('INVALID_INPUT');
    return error as VaultError;
  }
  throw new Error(`"${name}" was accepted`);
}

describe('name rules', () => {
  it('accepts ordinary names, unicode included, and returns them in NFC', () => {
    expect(normalizeSegment('Report 2026 (final).pdf')).toBe('Report 2026 (final).pdf');
    expect(normalizeSegment('日本語のファイル名.txt')).toBe('日本語のファイル名.txt');
    expect(normalizeSegment('.hidden')).toBe('.hidden');
    expect(normalizeSegment('Cafe\u0301')).toBe('Caf\u00e9'); // NFD as macOS gives it → NFC
  });

  it('refuses empty names, "." and ".."', () => {
    expect(refusal('').message).toMatch(/empty/);
    expect(refusal('.').message).toMatch(/cannot be used/);
    expect(refusal('..').message).toMatch(/cannot be used/);
  });

  it('refuses "/", NUL and other control characters', () => {
    expect(refusal('a/b').message).toMatch(/“\/”/);
    expect(refusal('a\0b').message).toMatch(/control/);
    expect(refusal('line\nbreak').message).toMatch(/control/);
    expect(refusal('del\u007f').message).toMatch(/control/);
    expect(refusal('c1\u0085').message).toMatch(/control/);
  });

  it('refuses text that is not valid Unicode (a lone surrogate)', () => {
    expect(refusal('bad\ud800name').message).toMatch(/Unicode/);
    expect(refusal('\udc00').message).toMatch(/Unicode/);
    expect(normalizeSegment('emoji 😀')).toBe('emoji 😀');
  });

  it(`refuses names over ${MAX_SEGMENT_BYTES} UTF-8 bytes, counting bytes not characters`, () => {
    expect(normalizeSegment('a'.repeat(255))).toHaveLength(255);
    expect(refusal('a'.repeat(256)).message).toMatch(/256 bytes long; a name can have at most 255/);
    expect(refusal('é'.repeat(128)).message).toMatch(/256 bytes/); // 128 characters, 2 bytes each
    expect(refusal('a'.repeat(10_000)).message.length).toBeLessThan(200); // no huge echo
  });

  it('splits paths into checked names; "" is the top folder', () => {
    expect(splitPath('')).toEqual([]);
    expect(splitPath('Photos/2026/Cafe\u0301.jpg')).toEqual(['Photos', '2026', 'Caf\u00e9.jpg']);
    for (const path of ['/a', 'a/', 'a//b', 'a/../b', './a']) expect(() => splitPath(path)).toThrow(VaultError);
  });
});
