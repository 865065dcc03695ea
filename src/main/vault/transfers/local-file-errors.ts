import { VaultError } from '../errors';

/**
 * Maps a failure of the local file system to a VaultError naming the file:
 * a full disk, a missing file, a refused permission. Anything else becomes
 * INTERNAL with the system's own code, which is still better than nothing.
 */
export function localFileErrorToVaultError(error: unknown, file: string, doing: 'read' | 'write'): VaultError {
  if (error instanceof VaultError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const make = (kind: VaultError['code'], message: string) => new VaultError(kind, message, { cause: error });
  switch (code) {
    case 'ENOSPC':
      return make('UNAVAILABLE', `The disk is full: “${file}” could not be written. Free some space and try again.`);
    case 'EDQUOT':
      return make('UNAVAILABLE', `Your disk quota is used up: “${file}” could not be written.`);
    case 'ENOENT':
      return make(
        'NOT_FOUND',
        doing === 'read' ? `“${file}” does not exist.` : `The folder of “${file}” does not exist.`,
      );
    case 'EACCES':
    case 'EPERM':
      return make('ACCESS_DENIED', `You may not ${doing} “${file}” on this computer.`);
    case 'EISDIR':
      return make('INVALID_INPUT', `“${file}” is a folder.`);
    case 'ENOTDIR':
      return make('INVALID_INPUT', `A part of “${file}” is not a folder.`);
    case 'EROFS':
      return make('ACCESS_DENIED', `“${file}” is on a read-only disk.`);
    case 'EEXIST':
      return make('CONFLICT', `“${file}” already exists.`);
    case 'ENAMETOOLONG':
      return make('INVALID_INPUT', `The name “${file}” is too long for this computer.`);
    case 'EIO':
      return make('UNAVAILABLE', `The disk failed while “${file}” was ${doing === 'read' ? 'read' : 'written'}.`);
    default:
      return make(
        'INTERNAL',
        `“${file}” could not be ${doing === 'read' ? 'read' : 'written'}${code ? ` (${code})` : ''}.`,
      );
  }
}
