import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FileCipher, FileContext } from '../crypto/file-cipher';
import { VaultError } from '../errors';
import { cancelledError } from './abort';
import { createAtomicFile } from './atomic-file';
import type { FolderSyncs } from './folder-syncs';
import { localFileErrorToVaultError } from './local-file-errors';

export interface DecryptToFileOptions {
  cipher: FileCipher;
  /** The context the message must have been made for (else TAMPERED). */
  context: FileContext;
  /** The Encryption SDK message, streaming. Its errors should already be VaultErrors. */
  ciphertext: Readable;
  target: string;
  overwrite: boolean;
  /** The caller has just run checkTargetFree (before fetching anything): not again. */
  targetChecked?: boolean;
  /** The batch's folder syncs (see folder-syncs.ts); without, the target's folder is synced here. */
  folderSyncs?: FolderSyncs;
  signal?: AbortSignal;
  /** Write with blocking calls (TransferDeps.blockingFileCalls). */
  blockingWrites?: boolean;
  /** The plaintext size, when known, for progress. */
  total: number;
  onProgress?: (bytes: number, total: number) => void;
}

/**
 * Decrypts a message into `target`: into a temporary file beside it, flushed
 * and renamed only after the decrypt stream ended, which is after the last
 * frame's tag was checked. On any failure (tampering, a full disk, a network
 * error, a cancel) the temporary file is removed and the target is untouched.
 * Resolves to the plaintext size.
 */
export async function decryptToFile(options: DecryptToFileOptions): Promise<number> {
  const { cipher, context, ciphertext, target, signal, total, onProgress } = options;
  if (signal?.aborted) {
    ciphertext.destroy();
    throw cancelledError();
  }
  let file;
  try {
    file = await createAtomicFile(target, {
      overwrite: options.overwrite,
      targetChecked: options.targetChecked,
      folderSyncs: options.folderSyncs,
      blockingWrites: options.blockingWrites,
    });
  } catch (error) {
    ciphertext.destroy();
    throw error;
  }
  let written = 0;
  const plaintext = cipher.decryptStream(context);
  // Counted as it leaves the decrypt (a second 'data' listener beside the pipe's: no extra stream per chunk).
  plaintext.on('data', (chunk: Buffer) => {
    written += chunk.length;
    onProgress?.(written, total);
  });
  try {
    await pipeline(ciphertext, plaintext, file.stream, { signal });
    await file.commit();
    return written;
  } catch (error) {
    await file.discard();
    if (signal?.aborted) throw cancelledError();
    if (error instanceof VaultError) throw error;
    throw localFileErrorToVaultError(error, target, 'write');
  }
}
