import { vault } from '../vault';

/**
 * The local path of a dropped file, from the host: Electron's
 * webUtils.getPathForFile in the preload, a drop-folder name in the browser
 * bridge. Undefined where the host has none (a file that is not on disk).
 */
export function pathForFile(file: File): string | undefined {
  try {
    return vault.pathForFile(file) || undefined;
  } catch {
    return undefined;
  }
}
