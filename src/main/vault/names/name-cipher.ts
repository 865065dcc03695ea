import { hkdfSync } from 'node:crypto';
import { aessiv } from '@noble/ciphers/aes.js';
import { VaultError } from '../errors';
import { normalizeSegment } from './segment-rules';

/** Whose names these are: the AES-SIV associated data binds every name to them. */
export interface NameCipherOptions {
  /** The person's 256-bit name key (see name-key.ts). */
  nameKey: Uint8Array;
  vaultId: string;
  identityId: string;
}

/**
 * Encrypts and decrypts the names in object keys. Deterministic (the same
 * name in the same folder always gives the same segment, so a listing with a
 * delimiter still shows folders, and a path's key is computed without a
 * lookup) and misuse-resistant (AES-SIV, RFC 5297: equal names reveal only
 * their equality and length, never the name).
 */
export interface NameCipher {
  /**
   * Encrypts a path's names, top folder first. Each name is NFC-normalized and
   * checked (INVALID_INPUT), then encrypted to base64url without padding.
   */
  encryptPath(segments: readonly string[]): string[];
  /**
   * Decrypts one segment found under `parent` (the encrypted segments of its
   * folder, top first; [] for the top folder). Throws TAMPERED when the
   * segment was altered, or moved from another folder, person or vault.
   */
  decryptSegment(segment: string, parent?: readonly string[]): string;
}

/** HKDF info: a new name format gets a new label, so its keys never meet v1's. */
const INFO = 's3vault names v1';
const SIV_TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** Encrypted folder paths kept (forgotten all at once past this). */
const FOLDERS_REMEMBERED = 1000;

/** Creates the name cipher of one person in one vault. */
export function createNameCipher({ nameKey, vaultId, identityId }: NameCipherOptions): NameCipher {
  if (nameKey.length !== 32) throw new VaultError('INVALID_INPUT', 'The name key must be 256 bits.');
  // AES-SIV splits its key into a MAC half and a CTR half: 512 bits gives
  // AES-256 for both (a 256-bit SIV key would mean AES-128).
  const sivKey = new Uint8Array(hkdfSync('sha256', nameKey, new Uint8Array(0), INFO, 64));
  const utf8 = new TextEncoder();
  const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
  const vault = utf8.encode(vaultId);
  const owner = utf8.encode(identityId);
  // Separate associated-data strings (S2V authenticates each on its own, so
  // no separator can be forged): the vault, the owner, and the folder's
  // encrypted path, which stops a name from being moved to another folder.
  const sivFor = (parent: readonly string[]) => aessiv(sivKey, vault, owner, utf8.encode(parent.join('/')));

  const encryptName = (name: string, parent: readonly string[]) =>
    Buffer.from(sivFor(parent).encrypt(utf8.encode(name))).toString('base64url');
  // AES-SIV is deterministic: a folder's encrypted path is worked out once,
  // not again for every file in it (each name costs two AES key expansions
  // and a CMAC in pure JS, ~50 µs).
  const encryptedFolders = new Map<string, readonly string[]>();
  const tampered = () =>
    new VaultError(
      'TAMPERED',
      'A name in the vault failed its integrity check: it was altered or moved from elsewhere.',
    );

  return {
    encryptPath(segments) {
      const names = segments.map(normalizeSegment);
      const folderNames = names.slice(0, -1);
      // Names contain no '/', so the joined names identify the folder.
      const folderKey = folderNames.join('/');
      let folder = encryptedFolders.get(folderKey);
      if (!folder) {
        const built: string[] = [];
        for (const name of folderNames) built.push(encryptName(name, built));
        folder = built;
        if (encryptedFolders.size >= FOLDERS_REMEMBERED) encryptedFolders.clear();
        encryptedFolders.set(folderKey, folder);
      }
      const encrypted = [...folder];
      if (names.length > 0) encrypted.push(encryptName(names.at(-1)!, folder));
      return encrypted;
    },

    decryptSegment(segment, parent = []) {
      if (!BASE64URL.test(segment)) throw tampered();
      const sealed = Buffer.from(segment, 'base64url');
      // Node's decoder ignores stray bits; only the canonical spelling of a
      // ciphertext is ours, so two keys can never show as one name.
      if (sealed.length <= SIV_TAG_BYTES || sealed.toString('base64url') !== segment) throw tampered();
      let name: string;
      try {
        name = strictUtf8.decode(sivFor(parent).decrypt(sealed));
      } catch {
        throw tampered();
      }
      // We only ever encrypt checked, normalized names.
      try {
        if (normalizeSegment(name) !== name) throw tampered();
      } catch {
        throw tampered();
      }
      return name;
    },
  };
}
