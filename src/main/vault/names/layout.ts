import { VaultError } from '../errors';
import type { NameCipher } from './name-cipher';
import { hasControlCharacter, splitPath } from './segment-rules';

/**
 * The object key layout of a person's files:
 *
 *   private/<identityId>/v1/<enc name>/<enc name>/…/<enc name>   a file
 *   private/<identityId>/v1/<enc name>/…/<enc name>/             an empty folder's marker
 *   private/<identityId>/v1/.name-key                             the wrapped name key
 *
 * Folders exist by prefix: a listing with Delimiter "/" shows every folder
 * that holds something as a CommonPrefix. An empty folder the person made is
 * kept by a zero-byte marker object whose key is the folder's prefix (the S3
 * console's convention, so other tools show it as a folder too); a listing of
 * the folder itself returns the marker, which is not an entry.
 *
 * Encrypted names are base64url, which never contains "." : every name that
 * starts with "." is reserved for the app (".name-key" now, others later) and
 * can never collide with a person's file or folder.
 */

/** The layout's version, in every key: a new layout gets a new prefix beside it. */
export const LAYOUT_VERSION = 'v1';
/** S3's limit on an object key, in UTF-8 bytes. */
export const MAX_OBJECT_KEY_BYTES = 1024;
/** Reserved name of the wrapped name key, under the person's root. */
export const NAME_KEY_OBJECT = '.name-key';

/** The prefix of all of a person's objects in layout v1: `private/<identityId>/v1/`. */
export function rootPrefix(identityId: string): string {
  if (identityId === '' || identityId.includes('/') || hasControlCharacter(identityId)) {
    throw new VaultError('INVALID_INPUT', 'The identity id is not valid.');
  }
  return `private/${identityId}/${LAYOUT_VERSION}/`;
}

/** Key of the person's wrapped name key. */
export function nameKeyObjectKey(identityId: string): string {
  return rootPrefix(identityId) + NAME_KEY_OBJECT;
}

/** A key from a listing, read back as a path in the vault. */
export interface VaultEntry {
  kind: 'file' | 'folder';
  /** Names joined by "/", top folder first: "Photos/2026/beach.jpg". */
  path: string;
  segments: string[];
}

/** Maps vault paths ("Photos/2026/beach.jpg") to one person's object keys and back. */
export interface VaultLayout {
  /** `private/<identityId>/v1/`. */
  readonly root: string;
  /** Key of the file at `path`. INVALID_INPUT for a bad name or a key over 1024 bytes. */
  objectKeyFor(path: string): string;
  /** Key of the zero-byte marker that keeps the (empty) folder at `path`. */
  folderKeyFor(path: string): string;
  /** Prefix to list the folder at `path` with Delimiter "/" ("" is the top folder). */
  prefixFor(path: string): string;
  /**
   * Reads an object key or a CommonPrefix from a listing (one ending in "/"
   * is a folder). Returns null for keys that are not entries: reserved names,
   * and the root itself. INVALID_INPUT for a key outside this person's root;
   * TAMPERED for names that do not decrypt.
   */
  pathForObjectKey(key: string): VaultEntry | null;
}

/** Keys decrypted folders remember; past it the memo starts over. */
const FOLDER_MEMO_LIMIT = 10_000;

/** Creates the layout of one person's files, encrypting names with `names`. */
export function createVaultLayout({ identityId, names }: { identityId: string; names: NameCipher }): VaultLayout {
  const root = rootPrefix(identityId);
  // Listings return many keys under the same folders: decrypt each folder once.
  const folders = new Map<string, string[]>();

  const withinLimit = (key: string): string => {
    const bytes = Buffer.byteLength(key, 'utf8');
    if (bytes > MAX_OBJECT_KEY_BYTES) {
      throw new VaultError(
        'INVALID_INPUT',
        `The name is too long for S3 once encrypted: ${bytes} bytes of ${MAX_OBJECT_KEY_BYTES}.`,
      );
    }
    return key;
  };
  const encrypted = (path: string): string[] => names.encryptPath(splitPath(path));

  const decryptFolder = (sealed: string[]): string[] => {
    const memoKey = sealed.join('/');
    const known = folders.get(memoKey);
    if (known) return known;
    const plain = sealed.map((segment, index) => names.decryptSegment(segment, sealed.slice(0, index)));
    if (folders.size >= FOLDER_MEMO_LIMIT) folders.clear();
    folders.set(memoKey, plain);
    return plain;
  };

  return {
    root,

    objectKeyFor(path) {
      const sealed = encrypted(path);
      if (sealed.length === 0) throw new VaultError('INVALID_INPUT', 'A file needs a name.');
      return withinLimit(root + sealed.join('/'));
    },

    folderKeyFor(path) {
      const sealed = encrypted(path);
      if (sealed.length === 0) throw new VaultError('INVALID_INPUT', 'The top folder needs no marker.');
      return withinLimit(`${root}${sealed.join('/')}/`);
    },

    prefixFor(path) {
      const sealed = encrypted(path);
      return withinLimit(sealed.length === 0 ? root : `${root}${sealed.join('/')}/`);
    },

    pathForObjectKey(key) {
      if (!key.startsWith(root))
        throw new VaultError('INVALID_INPUT', 'This object is not in your folder of the vault.');
      const rest = key.slice(root.length);
      const kind = rest.endsWith('/') ? 'folder' : 'file';
      const sealed = (kind === 'folder' ? rest.slice(0, -1) : rest).split('/');
      if (rest === '' || sealed.some((segment) => segment.startsWith('.'))) return null;
      if (sealed.some((segment) => segment === '')) {
        throw new VaultError('TAMPERED', 'An object in the vault has a key this app did not write.');
      }
      const parent = decryptFolder(sealed.slice(0, -1));
      const name = names.decryptSegment(sealed.at(-1)!, sealed.slice(0, -1));
      const segments = [...parent, name];
      return { kind, path: segments.join('/'), segments };
    },
  };
}
