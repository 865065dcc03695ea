/**
 * The session's AWS credentials: when they expire, and so the longest share
 * link they can sign now (a pre-signed URL dies with its credentials, less a
 * margin for clock skew, and SigV4 caps it at seven days).
 */
import { CREDENTIALS_MARGIN_SECONDS, SIGV4_MAX_SECONDS } from '../shares/share-link';
import type { VaultSession } from '../session';
import type { Probe } from './probe-types';

/** Fewer minutes left than this is a warning (the app refreshes at 5: less means refreshing failed). */
const LOW_MINUTES = 5;

/** The Credentials probe. */
export function credentialsProbe(session: Pick<VaultSession, 'currentCredentials'>): Probe {
  return {
    id: 'credentials',
    name: 'Credentials',
    async run({ now }) {
      const { expiration } = await session.currentCredentials();
      const leftSeconds = Math.floor((expiration.getTime() - now()) / 1000);
      const longestLink = Math.max(0, Math.min(SIGV4_MAX_SECONDS, leftSeconds - CREDENTIALS_MARGIN_SECONDS));
      const details = {
        expires: expiration.toISOString(),
        secondsLeft: Math.max(0, leftSeconds),
        longestShareLinkSeconds: longestLink,
      };
      if (leftSeconds <= 0) {
        return {
          state: 'error',
          reason: `The AWS credentials expired at ${expiration.toISOString()}: sign in again.`,
          details,
        };
      }
      const left = formatDuration(leftSeconds);
      if (leftSeconds < LOW_MINUTES * 60) {
        return {
          state: 'warning',
          reason: `The AWS credentials expire in ${left} and were not renewed; share links can live ${formatDuration(longestLink)} at most.`,
          details,
        };
      }
      return {
        state: 'ok',
        reason: `The AWS credentials are valid for ${left}; a share link made now can live up to ${formatDuration(longestLink)}.`,
        details,
      };
    },
  };
}

/** 3 h 20 min, 45 min, 30 s. */
export function formatDuration(seconds: number): string {
  if (seconds >= 86_400) return `${Math.floor(seconds / 86_400)} d ${Math.floor((seconds % 86_400) / 3600)} h`;
  if (seconds >= 3600) return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
  if (seconds >= 60) return `${Math.floor(seconds / 60)} min`;
  return `${Math.max(0, seconds)} s`;
}
