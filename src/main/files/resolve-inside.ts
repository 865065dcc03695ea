import path from 'node:path';

/**
 * Maps a URL path to a file under root, or null when it would leave root
 * (`..`, encoded separators, absolute paths). Used wherever we serve our own
 * files over a protocol.
 */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const resolvedRoot = path.resolve(root);
  const filePath = path.resolve(resolvedRoot, relative);
  return filePath.startsWith(resolvedRoot + path.sep) ? filePath : null;
}
