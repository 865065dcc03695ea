import { VaultError } from '../errors';
import { objectExists } from '../s3/object-probe';
import type { FilesDeps } from './files-deps';

/** The folder a path is in ("" for the top folder). */
export function parentPath(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

/** The last name of a path. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Whether `path` is `folder` itself or inside it. */
export function isWithin(path: string, folder: string): boolean {
  return folder === '' || path === folder || path.startsWith(`${folder}/`);
}

/**
 * Refuses a path whose folders include a file ("a/b" when "a" is a file):
 * S3 would store both, and the listing would then show "a" twice.
 */
export async function checkNoFileAbove(deps: FilesDeps, path: string): Promise<void> {
  const segments = path.split('/');
  for (let end = 1; end < segments.length; end++) {
    const folder = segments.slice(0, end).join('/');
    if (await objectExists(deps, deps.layout.objectKeyFor(folder), folder)) {
      throw new VaultError('CONFLICT', `“${folder}” is a file in the vault, not a folder.`);
    }
  }
}

/** Refuses the top folder where an operation needs a named file or folder. */
export function requireNamed(path: string, what: string): void {
  if (path === '') throw new VaultError('INVALID_INPUT', `The top folder cannot be ${what}.`);
}
