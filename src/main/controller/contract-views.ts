/** Engine objects as the contract shows them to the UI: names, sizes and dates, nothing more. */
import type { FileEntry, LinkHistoryEntry, ShareLink } from '../../shared/contract';
import type { ListedEntry } from '../vault/files/file-entries';
import type { LinkHistoryEntry as EngineHistoryEntry } from '../vault/shares/link-history';
import type { ShareLink as EngineShareLink } from '../vault/shares/share-link';

/** A listing entry without the stored (encrypted) size. */
export function fileEntryView(entry: ListedEntry): FileEntry {
  if (entry.kind === 'folder') return { kind: 'folder', name: entry.name, path: entry.path };
  return { kind: 'file', name: entry.name, path: entry.path, size: entry.size, modified: entry.modified };
}

/** A new share link: the URL, the app link and the true expiry. */
export function shareLinkView(link: EngineShareLink): ShareLink {
  return {
    url: link.url,
    appLink: link.appLink,
    expiresAt: link.expiresAt,
    requestedSeconds: link.requestedSeconds,
    ...(link.cappedBy ? { cappedBy: link.cappedBy } : {}),
  };
}

/** A history entry without what only the status panel's log matching needs. */
export function linkHistoryView(entry: EngineHistoryEntry): LinkHistoryEntry {
  return { name: entry.name, path: entry.path, createdAt: entry.createdAt, expiresAt: entry.expiresAt };
}
