/** A folder in a listing. */
export interface FolderEntry {
  kind: 'folder';
  /** Its (decrypted) name. */
  name: string;
  /** Its path in the vault ("Photos/2026"). */
  path: string;
}

/** A file in a listing. */
export interface FileEntry {
  kind: 'file';
  name: string;
  path: string;
  /** Plaintext bytes (from the object's metadata), what the person knows as the file's size. */
  size: number;
  /** Bytes stored in S3 (the encrypted file: a little larger). */
  storedSize: number;
  /** When the object was last written (ISO 8601). */
  modified: string;
}

export type ListedEntry = FolderEntry | FileEntry;

/** One folder's content, folders first, each group by name. */
export interface FolderListing {
  path: string;
  entries: ListedEntry[];
  /** Objects under the folder whose names failed to decrypt (altered, or not written by S3 Vault): not shown. */
  unreadable: number;
}
