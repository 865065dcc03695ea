import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createVaultLayout,
  MAX_OBJECT_KEY_BYTES,
  nameKeyObjectKey,
  rootPrefix,
} from '../../../../src/main/vault/names/layout';
import { createNameCipher } from '../../../../src/main/vault/names/name-cipher';
import { VaultError } from '../../../../src/main/vault/errors';

const identityId = 'us-east-1:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
const names = createNameCipher({ nameKey: randomBytes(32), vaultId: 'vault-1', identityId });
const layout = createVaultLayout({ identityId, names });
const root = `private/${identityId}/v1/`;

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof VaultError ? error.code : 'not a VaultError';
  }
  return undefined;
}

describe('object key layout', () => {
  it('puts every key under private/<identityId>/v1/, with no plaintext name in it', () => {
    expect(layout.root).toBe(root);
    const key = layout.objectKeyFor('Photos/2026/beach.jpg');
    expect(key.startsWith(root)).toBe(true);
    expect(key.slice(root.length).split('/')).toHaveLength(3);
    expect(key).not.toMatch(/Photos|2026|beach/);
  });

  it('reads keys back to paths: files, folder markers and listing prefixes', () => {
    const key = layout.objectKeyFor('Photos/2026/Résumé.pdf');
    expect(layout.pathForObjectKey(key)).toEqual({
      kind: 'file',
      path: 'Photos/2026/Résumé.pdf',
      segments: ['Photos', '2026', 'Résumé.pdf'],
    });
    expect(layout.pathForObjectKey(layout.folderKeyFor('Photos/2026'))).toEqual({
      kind: 'folder',
      path: 'Photos/2026',
      segments: ['Photos', '2026'],
    });
    // A listing of "Photos" returns "Photos/2026/" as a CommonPrefix: the same as the marker key.
    expect(layout.prefixFor('Photos/2026')).toBe(layout.folderKeyFor('Photos/2026'));
    expect(key.startsWith(layout.prefixFor('Photos/2026'))).toBe(true);
    expect(layout.prefixFor('')).toBe(root);
  });

  it('gives one key for NFC and NFD spellings of a path', () => {
    expect(layout.objectKeyFor('Cafe\u0301/Men\u0303u.txt')).toBe(layout.objectKeyFor('Caf\u00e9/Me\u00f1u.txt'));
  });

  it('refuses paths with empty names, "." or "..", NUL or control characters', () => {
    for (const path of ['', '/a', 'a/', 'a//b', '..', 'a/../b', './a', 'a/\0', 'tab\there']) {
      expect(
        codeOf(() => layout.objectKeyFor(path)),
        path,
      ).toBe('INVALID_INPUT');
    }
    expect(codeOf(() => layout.folderKeyFor(''))).toBe('INVALID_INPUT');
  });

  it('says how long the key would be when it passes 1024 bytes', () => {
    const deep = Array.from({ length: 6 }, (_, index) => `${index}${'x'.repeat(200)}`).join('/');
    let message = '';
    try {
      layout.objectKeyFor(deep);
    } catch (error) {
      message = (error as VaultError).message;
      expect((error as VaultError).code).toBe('INVALID_INPUT');
    }
    expect(message).toMatch(
      new RegExp(`^The name is too long for S3 once encrypted: \\d+ bytes of ${MAX_OBJECT_KEY_BYTES}\\.$`),
    );
    expect(Number(/(\d+) bytes/.exec(message)![1])).toBeGreaterThan(MAX_OBJECT_KEY_BYTES);
    // The longest single name still fits.
    expect(Buffer.byteLength(layout.objectKeyFor('n'.repeat(255)))).toBeLessThanOrEqual(MAX_OBJECT_KEY_BYTES);
  });

  it('keeps reserved names apart from every encrypted name', () => {
    const reserved = nameKeyObjectKey(identityId);
    expect(reserved).toBe(`${root}.name-key`);
    expect(layout.pathForObjectKey(reserved)).toBeNull();
    expect(layout.pathForObjectKey(root)).toBeNull();
    // Encrypted names are base64url: never a ".", so never a reserved name.
    for (let index = 0; index < 200; index++) {
      expect(layout.objectKeyFor(`.name-key${index}`).slice(root.length)).not.toMatch(/^\./);
    }
  });

  it("refuses keys outside the person's root, and reports foreign or altered names as TAMPERED", () => {
    const otherRoot = rootPrefix('us-east-1:someone-else');
    expect(codeOf(() => layout.pathForObjectKey(`${otherRoot}abc`))).toBe('INVALID_INPUT');
    expect(codeOf(() => layout.pathForObjectKey(`${root}not-a-name`))).toBe('TAMPERED');
    expect(codeOf(() => layout.pathForObjectKey(`${root}a//b`))).toBe('TAMPERED');
    // A file moved into another folder no longer decrypts.
    const file = layout.objectKeyFor('Signed/contract.pdf').slice(root.length).split('/')[1]!;
    const drafts = layout.prefixFor('Drafts');
    expect(codeOf(() => layout.pathForObjectKey(drafts + file))).toBe('TAMPERED');
    // Another person's encrypted names (same key even) do not decrypt under this root.
    const bob = 'us-east-1:bob';
    const bobsLayout = createVaultLayout({
      identityId: bob,
      names: createNameCipher({ nameKey: randomBytes(32), vaultId: 'vault-1', identityId: bob }),
    });
    const moved = root + bobsLayout.objectKeyFor('x.txt').slice(rootPrefix(bob).length);
    expect(codeOf(() => layout.pathForObjectKey(moved))).toBe('TAMPERED');
  });

  it('refuses identity ids that would break the layout', () => {
    for (const bad of ['', 'a/b', 'x\0']) expect(codeOf(() => rootPrefix(bad))).toBe('INVALID_INPUT');
  });
});
