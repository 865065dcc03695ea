/**
 * Files "dropped" on the page in the browser bridge. A browser does not give
 * a page the paths of dropped files, so the bridge client names them
 * `bridge-drop:<name>` (window.vault.pathForFile), and the bridge host finds
 * them in its drop folder — where a test put them beforehand. Only such
 * names are accepted: the page cannot make the bridge read any other file.
 */
import path from 'node:path';
import { VaultError } from '../main/vault/errors';

export const DROP_PREFIX = 'bridge-drop:';

/** `bridge-drop:<name>` → `<dropDir>/<name>`; INVALID_INPUT for anything else or a name that leaves the folder. */
export function dropSourcePath(dropDir: string, source: string): string {
  if (!source.startsWith(DROP_PREFIX)) {
    throw new VaultError('INVALID_INPUT', 'The browser bridge uploads only files dropped on the page.');
  }
  const name = source.slice(DROP_PREFIX.length);
  if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name)) {
    throw new VaultError('INVALID_INPUT', `“${name}” is not a file name the browser bridge accepts.`);
  }
  return path.join(dropDir, name);
}
