/**
 * A credentials cache that refreshes early and once: every caller gets
 * credentials with at least `earlyRefreshSeconds` left, and callers that
 * arrive during a refresh share it (single flight), so fifty parts of an
 * upload asking at once cause one request to the identity pool.
 */
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { VaultError } from '../errors';
import type { VaultCredentials } from './vault-credentials';

export interface RefreshingCredentialsOptions {
  /** Refresh when fewer than this many seconds remain. Default 300 (the SDK's own window is five minutes too). */
  earlyRefreshSeconds?: number;
  /** Epoch ms. */
  now?: () => number;
  /**
   * After a refresh failed for a reason that may pass (no connection, service
   * busy), keep handing out the still-valid credentials for this long before
   * trying again, rather than hitting a dead network on every request.
   */
  retryAfterFailureMs?: number;
  /** Credentials obtained earlier (a cache): handed out until they need a refresh like any others. */
  initial?: VaultCredentials;
}

export interface RefreshingCredentials {
  /**
   * For SDK clients (`credentials:`): the SDK calls it again when its copy is within five minutes
   * of the expiry it was given (see the shift below).
   */
  provider: AwsCredentialIdentityProvider;
  /** Credentials with at least `earlyRefreshSeconds` left, refreshed first when needed. */
  get(): Promise<VaultCredentials>;
  /** Fetches new credentials now (or joins the refresh in flight). */
  refresh(): Promise<VaultCredentials>;
  /** What the cache holds, without refreshing. */
  peek(): VaultCredentials | undefined;
}

/** Credentials that expire in less than this are not handed out even when a refresh fails. */
const MIN_USABLE_MS = 30_000;

/** The SDK asks its credential provider again only when its copy has less than this left (smithy's memoizeIdentityProvider). */
const SDK_REFRESH_WINDOW_MS = 300_000;

const transient = (error: unknown): boolean =>
  error instanceof VaultError && (error.code === 'NETWORK' || error.code === 'UNAVAILABLE');

/** Wraps `fetch` (one trip to the identity pool or STS) in an early-refreshing, single-flight cache. */
export function createRefreshingCredentials(
  fetch: () => Promise<VaultCredentials>,
  options: RefreshingCredentialsOptions = {},
): RefreshingCredentials {
  const now = options.now ?? Date.now;
  const earlyMs = (options.earlyRefreshSeconds ?? 300) * 1000;
  const retryAfterFailureMs = options.retryAfterFailureMs ?? 5_000;
  let cached: VaultCredentials | undefined = options.initial;
  let inflight: Promise<VaultCredentials> | undefined;
  let failedAt = Number.NEGATIVE_INFINITY;

  const usable = (c: VaultCredentials | undefined): c is VaultCredentials =>
    c !== undefined && c.expiration.getTime() - now() > MIN_USABLE_MS;

  const refresh = (): Promise<VaultCredentials> => {
    inflight ??= (async () => {
      try {
        const fresh = await fetch();
        cached = fresh;
        failedAt = Number.NEGATIVE_INFINITY;
        return fresh;
      } catch (error) {
        // In the middle of a transfer a passing network fault must not fail requests that the
        // current credentials can still sign; a revoked session (AUTH_REQUIRED) must.
        if (transient(error) && usable(cached)) {
          failedAt = now();
          return cached;
        }
        throw error;
      } finally {
        inflight = undefined;
      }
    })();
    return inflight;
  };

  const get = async (): Promise<VaultCredentials> => {
    if (cached && cached.expiration.getTime() - now() > earlyMs) return cached;
    if (usable(cached) && now() - failedAt < retryAfterFailureMs) return cached;
    return refresh();
  };

  // SDK clients cache what the provider returns until five minutes before `expiration`. With a
  // longer early window, report an expiry that much earlier to them, so they come back (and
  // this cache refreshes) on our schedule, in the middle of a transfer too. The true expiry
  // stays in get() / currentCredentials(), which share links rely on.
  const sdkShiftMs = Math.max(0, earlyMs - SDK_REFRESH_WINDOW_MS);
  const provider: AwsCredentialIdentityProvider = async () => {
    const c = await get();
    return sdkShiftMs === 0 ? c : { ...c, expiration: new Date(c.expiration.getTime() - sdkShiftMs) };
  };

  return { provider, get, refresh, peek: () => cached };
}
