import { S3Client } from '@aws-sdk/client-s3';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { VaultProfile } from '../profile';

/**
 * Attempts per S3 request (the first one included). The SDK retries what is
 * worth retrying (connection resets, timeouts, 500/503, SlowDown, clock skew)
 * with exponential backoff and jitter; a multipart upload retries each part on
 * its own, so one dropped connection costs one part, not the file.
 */
export const S3_MAX_ATTEMPTS = 5;

/**
 * "standard": exponential backoff with full jitter and a retry quota, so a
 * broken network does not turn into a storm of retries. ("adaptive" would also
 * rate-limit the client on throttling, but it is still marked experimental.)
 */
export const S3_RETRY_MODE = 'standard';

/** A socket that neither sends nor receives for this long is dropped (and the request retried). */
const SOCKET_TIMEOUT_MS = 60_000;
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * The S3 client of one vault session: the profile's region and endpoint (a
 * local backend is path-style only), the session's credentials (a provider
 * that refreshes them, also in the middle of a long upload), explicit retries.
 * The SDK's default request and response checksums stay on.
 */
export function createS3Client(
  profile: Pick<VaultProfile, 'region' | 'endpoint'>,
  credentials: AwsCredentialIdentityProvider | AwsCredentialIdentity,
): S3Client {
  return new S3Client({
    region: profile.region,
    endpoint: profile.endpoint,
    forcePathStyle: profile.endpoint !== undefined,
    credentials,
    maxAttempts: S3_MAX_ATTEMPTS,
    retryMode: S3_RETRY_MODE,
    requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, socketTimeout: SOCKET_TIMEOUT_MS },
  });
}
