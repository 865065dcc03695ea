/**
 * Share links: how many of this person's links in this vault are active and
 * how many have expired (from the link history), and for administrators how
 * often each was used, per link and per day, from the access logs. Details
 * carry `link: <name> (<created>)` and `day: YYYY-MM-DD` counts, which the
 * app draws as bars.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { VaultSession } from '../session';
import type { LinkHistory } from '../shares/link-history';
import { linkUsage } from './link-usage';
import type { Probe, ProbeDetails } from './probe-types';

/** Per-link rows shown at most (newest links first). */
const MAX_LINK_ROWS = 20;

/** The Share links probe. */
export function shareLinksProbe(
  s3: S3Client,
  session: Pick<VaultSession, 'profile' | 'identityId' | 'isAdmin'>,
  history: LinkHistory,
): Probe {
  return {
    id: 'share-links',
    name: 'Share links',
    async run({ now, signal }) {
      const links = (await history.list()).filter(
        (link) => link.vault === session.profile.vaultId && link.owner === session.identityId,
      );
      const active = links.filter((link) => Date.parse(link.expiresAt) > now());
      const details: ProbeDetails = { active: active.length, expired: links.length - active.length };
      const summary = `${active.length} active and ${links.length - active.length} expired share link(s)`;
      if (!session.isAdmin) {
        return { state: 'ok', reason: `${summary}. Request counts are for administrators.`, details };
      }
      let usage;
      try {
        usage = await linkUsage(s3, session.profile.bucket, links, signal);
      } catch (error) {
        // The counts are a bonus on top of the history: not readable is a warning, not a broken vault.
        const message = error instanceof Error ? error.message : String(error);
        return { state: 'warning', reason: `${summary}; the access logs could not be read: ${message}`, details };
      }
      if (!usage) {
        return {
          state: 'warning',
          reason: `${summary}; the bucket writes no access logs, so link requests cannot be counted.`,
          details,
        };
      }
      const total = usage.perLink.reduce((sum, n) => sum + n, 0);
      details.requests = total;
      details.logObjects = usage.logObjects;
      links.slice(0, MAX_LINK_ROWS).forEach((link, index) => {
        details[`link: ${link.name} (${link.createdAt})`] = usage.perLink[index]!;
      });
      for (const day of Object.keys(usage.perDay).sort()) details[`day: ${day}`] = usage.perDay[day]!;
      const more = usage.truncated ? ' (only the oldest log objects were read: there were too many)' : '';
      return { state: 'ok', reason: `${summary}, used ${total} time(s) in the access logs${more}.`, details };
    },
  };
}
