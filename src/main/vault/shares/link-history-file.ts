import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod/mini';
import type { LinkHistory, LinkHistoryEntry } from './link-history';

/** Entries kept; older ones are dropped first. */
export const MAX_HISTORY_ENTRIES = 1000;

const entrySchema = z.object({
  name: z.string(),
  path: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  requestedSeconds: z.number(),
  cappedBy: z.optional(z.enum(['credentials', 'sigv4-limit'])),
  vault: z.string(),
  owner: z.string(),
  fileId: z.string(),
  bucket: z.string(),
  objectKey: z.string(),
  amzCredential: z.string(),
  amzDate: z.string(),
  amzExpires: z.number(),
});

/**
 * Link history in a JSON file (`{"version":1,"links":[…]}`, newest first),
 * for the CLI. Written whole to a temporary file and renamed, so a crash never
 * leaves half a file; readable by its owner only (file names are private). An
 * unreadable file or entry is skipped, not fatal: the history is a convenience.
 * Two processes adding at the same instant may lose one entry.
 */
export function createFileLinkHistory(file: string): LinkHistory {
  const read = async (): Promise<LinkHistoryEntry[]> => {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return [];
    }
    let links: unknown;
    try {
      links = (JSON.parse(text) as { links?: unknown }).links;
    } catch {
      return [];
    }
    if (!Array.isArray(links)) return [];
    return links.flatMap((link) => {
      const parsed = z.safeParse(entrySchema, link);
      return parsed.success ? [parsed.data as LinkHistoryEntry] : [];
    });
  };

  return {
    async add(entry) {
      const links = [entry, ...(await read())].slice(0, MAX_HISTORY_ENTRIES);
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(temporary, `${JSON.stringify({ version: 1, links }, null, 2)}\n`, { mode: 0o600 });
      await rename(temporary, file);
    },
    list: read,
  };
}
