/**
 * Where the browser bridge saves a download: its downloads folder, the
 * file's own name, and never over an existing file — "name (1).ext" and so
 * on, as browsers do. Names handed out but not yet written are reserved, so
 * two downloads of one name at once get two files.
 */
import { lstat, mkdir } from 'node:fs/promises';
import path from 'node:path';

/** The first free `<dir>/<name>`, `<dir>/<base> (1)<ext>`, …; reserves it in `reserved`. */
export async function uniqueTarget(dir: string, name: string, reserved: Set<string>): Promise<string> {
  await mkdir(dir, { recursive: true });
  // The name came from the vault or a link: it must stay a name inside `dir`.
  const safe = /[/\\\0]/.test(name) || name === '' || name === '.' || name === '..' ? 'download' : name;
  const ext = path.extname(safe);
  const base = safe.slice(0, safe.length - ext.length);
  for (let n = 0; ; n++) {
    const candidate = path.join(dir, n === 0 ? safe : `${base} (${n})${ext}`);
    if (reserved.has(candidate) || (await exists(candidate))) continue;
    // Another call may have taken it while this one looked at the disk.
    if (reserved.has(candidate)) continue;
    reserved.add(candidate);
    return candidate;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch {
    return false;
  }
}
