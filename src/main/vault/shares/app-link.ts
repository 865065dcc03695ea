import { VaultError } from '../errors';
import { normalizeSegment } from '../names/segment-rules';

/** The app's own link scheme (`s3vault://open?...`), registered by the app for deep links. */
export const APP_LINK_PREFIX = 's3vault://open?';

/** What an app link carries beside the pre-signed URL: what the recipient needs to decrypt and save the file. */
export interface AppLink {
  /** The pre-signed GET URL. */
  url: string;
  /** The file's name, to save it under (untrusted: see safeFileName). */
  name?: string;
  /** The owner's identity id (the `owner` of the encryption context; also in the object key). */
  owner?: string;
  /** The file id (its message's id, which the decrypt checks; also in the object's metadata). */
  file?: string;
}

/** `s3vault://open?url=…&name=…&owner=…&file=…`, each value percent-encoded. */
export function buildAppLink(link: Required<AppLink>): string {
  const query = (['url', 'name', 'owner', 'file'] as const)
    .map((field) => `${field}=${encodeURIComponent(link[field])}`)
    .join('&');
  return APP_LINK_PREFIX + query;
}

/** Whether `text` is an app link (rather than a plain pre-signed URL). */
export function isAppLink(text: string): boolean {
  return text.trim().toLowerCase().startsWith('s3vault:');
}

/** Reads an app link; INVALID_INPUT when it is not one, or has no URL. */
export function parseAppLink(text: string): AppLink {
  let parsed: URL;
  try {
    parsed = new URL(text.trim());
  } catch {
    throw new VaultError('INVALID_INPUT', 'This is not a valid S3 Vault link.');
  }
  if (parsed.protocol !== 's3vault:' || parsed.hostname !== 'open') {
    throw new VaultError('INVALID_INPUT', 'This S3 Vault link is not a link to open a file.');
  }
  const value = (field: string) => parsed.searchParams.get(field) ?? undefined;
  const url = value('url');
  if (!url) throw new VaultError('INVALID_INPUT', 'This S3 Vault link has no file address in it.');
  return { url, name: value('name'), owner: value('owner'), file: value('file') };
}

/**
 * The name from a link, if it is safe to create a file with: a single name
 * (no folder, no "..", no control character, no backslash for Windows), else
 * undefined (the caller asks for a name). The link comes from someone else.
 */
export function safeFileName(name: string | undefined): string | undefined {
  if (!name || name.includes('\\') || /[<>:"|?*]/.test(name)) return undefined;
  try {
    const normalized = normalizeSegment(name);
    return normalized.startsWith('.') || normalized.endsWith(' ') || normalized.endsWith('.') ? undefined : normalized;
  } catch {
    return undefined;
  }
}
