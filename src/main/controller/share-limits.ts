/**
 * The share-link lifetimes to offer. A pre-signed URL dies with the
 * credentials that signed it (DESIGN §2), so the longest honest choice is
 * what is left of them, less a margin for clock skew, and never more than
 * SigV4's seven days.
 */
import { CREDENTIALS_MARGIN_SECONDS, SIGV4_MAX_SECONDS } from '../vault/shares/share-link';

/** 15 min, 1 h, 6 h, 12 h, 1 day, 7 days. */
export const SHARE_LADDER_SECONDS = [900, 3600, 21_600, 43_200, 86_400, 604_800] as const;
/** The contract's shortest link. */
export const MIN_SHARE_SECONDS = 60;

export interface ShareLimits {
  maxSeconds: number;
  choices: number[];
}

/** The limits for credentials that expire at `expiresAtMs`, seen at `nowMs`. */
export function shareLimits(expiresAtMs: number, nowMs: number): ShareLimits {
  const left = Math.floor((expiresAtMs - nowMs) / 1000) - CREDENTIALS_MARGIN_SECONDS;
  const maxSeconds = Math.max(0, Math.min(SIGV4_MAX_SECONDS, left));
  const choices: number[] = SHARE_LADDER_SECONDS.filter((seconds) => seconds <= maxSeconds);
  if (maxSeconds >= MIN_SHARE_SECONDS && !choices.includes(maxSeconds)) choices.push(maxSeconds);
  return { maxSeconds, choices };
}
