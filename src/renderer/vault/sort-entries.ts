import type { FileEntry } from '../../shared/contract';

export type SortKey = 'name' | 'size' | 'modified';
export interface SortOrder {
  key: SortKey;
  direction: 'ascending' | 'descending';
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Folders first, then by the chosen column (ties by name), as Finder lists them; filtered by a name substring. */
export function sortEntries(entries: readonly FileEntry[], order: SortOrder, filter = ''): FileEntry[] {
  const needle = filter.trim().toLocaleLowerCase();
  const kept = needle ? entries.filter((entry) => entry.name.toLocaleLowerCase().includes(needle)) : [...entries];
  const sign = order.direction === 'ascending' ? 1 : -1;
  return kept.sort((a, b) => {
    if (a.kind !== b.kind) return a.kind === 'folder' ? -1 : 1;
    const byKey =
      order.key === 'size'
        ? (a.size ?? 0) - (b.size ?? 0)
        : order.key === 'modified'
          ? (a.modified ?? '').localeCompare(b.modified ?? '')
          : 0;
    return sign * (byKey || collator.compare(a.name, b.name));
  });
}

/** Clicking the sorted column flips it; another column starts ascending. */
export function nextOrder(current: SortOrder, key: SortKey): SortOrder {
  if (current.key === key) return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { key, direction: 'ascending' };
}
