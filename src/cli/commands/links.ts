import { parseArgs } from 'node:util';
import { formatDate } from '../cli-format';
import { parseUsage, reportErrors } from '../cli-errors';
import { cliLinkHistory } from '../cli-link-history';

/**
 * `s3vault links [--json]`: the share links made with this CLI (from
 * $S3VAULT_HOME/links.json, newest first), active or expired. Needs no sign-in
 * and no network: the history is local, and holds no signed URL.
 */
export async function linksCommand(args: string[]): Promise<void> {
  const { values } = parseUsage(() =>
    parseArgs({ args, options: { json: { type: 'boolean', default: false } }, strict: true }),
  );
  await reportErrors(values.json, async () => {
    const entries = await cliLinkHistory().list();
    const now = Date.now();
    if (values.json) {
      console.log(JSON.stringify(entries.map((entry) => ({ ...entry, active: Date.parse(entry.expiresAt) > now }))));
      return;
    }
    for (const entry of entries) {
      const active = Date.parse(entry.expiresAt) > now;
      console.log(
        `${active ? 'active ' : 'expired'}  ${formatDate(entry.createdAt)}  →  ${formatDate(entry.expiresAt)}  ${entry.path}`,
      );
    }
  });
}
