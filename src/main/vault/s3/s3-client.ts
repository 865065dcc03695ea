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
 * The commands whose bodies are file data (parts of a multipart upload, whole
 * small files): signed without hashing the payload (see createS3Client).
 */
const DATA_COMMANDS = new Set(['PutObjectCommand', 'UploadPartCommand']);

/**
 * The S3 client of one vault session: the profile's region and endpoint (a
 * local backend is path-style only), the session's credentials (a provider
 * that refreshes them, also in the middle of a long upload), explicit retries.
 * The SDK's default request and response checksums stay on.
 *
 * File data is sent as UNSIGNED-PAYLOAD with its CRC32 (the SDK's default
 * request checksum, in a signed header, which S3 checks; a body sent without
 * a checksum stays signed): the SDK would
 * otherwise also SHA-256 every body it holds in memory for the signature —
 * 1.3 s of CPU per GiB uploaded, and as much again for a backend that checks
 * it — for an integrity check the CRC32 already gives. (Tampering is not what
 * either guards against here: every file is an authenticated Encryption SDK
 * message, and the SDK sends streamed bodies unsigned too.)
 */
export function createS3Client(
  profile: Pick<VaultProfile, 'region' | 'endpoint'>,
  credentials: AwsCredentialIdentityProvider | AwsCredentialIdentity,
): S3Client {
  const client = new S3Client({
    region: profile.region,
    endpoint: profile.endpoint,
    forcePathStyle: profile.endpoint !== undefined,
    credentials,
    maxAttempts: S3_MAX_ATTEMPTS,
    retryMode: S3_RETRY_MODE,
    requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, socketTimeout: SOCKET_TIMEOUT_MS },
  });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const headers = (args.request as { headers?: Record<string, string> } | undefined)?.headers;
      // Only with a checksum to check the body by (the SDK's checksum step, which runs before this one, adds it).
      if (DATA_COMMANDS.has(context.commandName ?? '') && headers && hasChecksum(headers)) {
        headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
      }
      return next(args);
    },
    { step: 'build', priority: 'low', name: 'unsignedFileData' },
  );
  return client;
}

/** Whether a request carries a flexible checksum of its body (x-amz-checksum-crc32 and the like). */
function hasChecksum(headers: Record<string, string>): boolean {
  return Object.keys(headers).some((name) => {
    const lower = name.toLowerCase();
    return lower.startsWith('x-amz-checksum-') && lower !== 'x-amz-checksum-algorithm';
  });
}
