/**
 * The history of share links a person made on this device (file, created,
 * expires), for the links list and the status panel.
 *
 * An entry never holds the signed URL itself: its signature (and session
 * token) is what grants access, and a history file is not a place for
 * secrets. It holds what is needed to recognise the link's requests in S3
 * server access logs instead: the bucket and object key, and the URL's
 * X-Amz-Credential (access key id / date / region / service, no secret) and
 * X-Amz-Date and X-Amz-Expires, which appear as they are in the Request-URI
 * field of every log line of a request made with that URL. Two links for the
 * same file signed in the same second, with the same credentials and lifetime,
 * cannot be told apart: they are the same link in all but name.
 */
export interface LinkHistoryEntry {
  /** The file's name when it was shared. */
  name: string;
  /** Its vault path when it was shared. */
  path: string;
  /** ISO 8601. */
  createdAt: string;
  /** The true expiry (ISO 8601): the earlier of the requested lifetime and the signing credentials' expiry. */
  expiresAt: string;
  requestedSeconds: number;
  /** Why the link lives shorter than requested, if it does. */
  cappedBy?: 'credentials' | 'sigv4-limit';
  vault: string;
  owner: string;
  fileId: string;
  bucket: string;
  objectKey: string;
  /** X-Amz-Credential of the URL. */
  amzCredential: string;
  /** X-Amz-Date of the URL. */
  amzDate: string;
  /** X-Amz-Expires of the URL (seconds). */
  amzExpires: number;
}

/** Where link history is kept: a JSON file for the CLI, electron-store in the app. */
export interface LinkHistory {
  add(entry: LinkHistoryEntry): Promise<void>;
  /** Newest first. */
  list(): Promise<LinkHistoryEntry[]>;
}

/** A history that keeps entries in memory only (tests, or when no store is given). */
export function createMemoryLinkHistory(): LinkHistory {
  const entries: LinkHistoryEntry[] = [];
  return {
    async add(entry) {
      entries.unshift(entry);
    },
    async list() {
      return [...entries];
    },
  };
}

/** Whether an access-log Request-URI (e.g. "GET /bucket/key?X-Amz-…") was made with this entry's link. */
export function isRequestOfLink(entry: LinkHistoryEntry, requestUri: string): boolean {
  const target = requestUri.split(' ')[1] ?? '';
  let url: URL;
  try {
    url = new URL(target, 'https://s3.invalid');
  } catch {
    return false;
  }
  const path = url.pathname
    .split('/')
    .map((segment) => safeDecode(segment))
    .join('/');
  return (
    url.searchParams.get('X-Amz-Credential') === entry.amzCredential &&
    url.searchParams.get('X-Amz-Date') === entry.amzDate &&
    url.searchParams.get('X-Amz-Expires') === String(entry.amzExpires) &&
    (path.endsWith(`/${entry.bucket}/${entry.objectKey}`) || path === `/${entry.objectKey}`)
  );
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
