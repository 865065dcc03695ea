import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { VaultError } from '../errors';
import type { VaultLayout } from '../names/layout';
import type { VaultSession } from '../session';
import type { BucketRef } from '../s3/bucket-ref';
import { readFileFacts } from '../s3/file-metadata';
import { objectExists } from '../s3/object-probe';
import { createS3Client } from '../s3/s3-client';
import { s3ErrorToVaultError } from '../s3/s3-errors';
import { buildAppLink } from './app-link';
import type { LinkHistory } from './link-history';
import { parsePresignedUrl } from './presigned-url';

/** SigV4's limit on a pre-signed URL's lifetime: 7 days. */
export const SIGV4_MAX_SECONDS = 604_800;
/**
 * Kept between the link's expiry and its credentials' expiry: S3 and this
 * machine may disagree on the time by a little, and a link must never claim to
 * live longer than it does.
 */
export const CREDENTIALS_MARGIN_SECONDS = 60;

/** A share link as the person sees it. */
export interface ShareLink {
  /** The pre-signed GET URL: it gives the encrypted file to whoever has it, until it expires. */
  url: string;
  /** `s3vault://open?...`: the URL plus the name, owner and file id the recipient's app needs. */
  appLink: string;
  name: string;
  path: string;
  /** The true expiry (ISO 8601), never later than S3 will honour the URL. */
  expiresAt: string;
  requestedSeconds: number;
  /** The lifetime the URL got. */
  expiresInSeconds: number;
  /** Why it is shorter than requested: the signing credentials expire sooner, or SigV4's 7-day limit. */
  cappedBy?: 'credentials' | 'sigv4-limit';
}

export interface ShareDeps extends BucketRef {
  layout: VaultLayout;
  session: VaultSession;
  history?: LinkHistory;
  /** The clock (tests). */
  now?: () => number;
}

/**
 * Creates a share link for one of the person's files: a pre-signed GET of
 * its object, whose lifetime is the requested one capped by SigV4's 7 days
 * and by the signing credentials, which end every pre-signed URL when they
 * expire (about an hour with the identity pool's enhanced flow). The URL is
 * signed with exactly the credentials whose expiry was read, at a known
 * instant, so `expiresAt` is the URL's true expiry. The link is recorded in
 * the history without its signature.
 */
export async function createShareLink(deps: ShareDeps, path: string, requestedSeconds: number): Promise<ShareLink> {
  if (!Number.isSafeInteger(requestedSeconds) || requestedSeconds < 1) {
    throw new VaultError('INVALID_INPUT', 'A link must last a whole number of seconds, at least one.');
  }
  const { s3, bucket, layout, session } = deps;
  const key = layout.objectKeyFor(path);
  let head;
  try {
    head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  } catch (error) {
    const mapped = s3ErrorToVaultError(error, { permission: 's3:GetObject', subject: path });
    if (mapped.code === 'ACCESS_DENIED' && !(await objectExists(deps, key, path))) {
      throw new VaultError('NOT_FOUND', `“${path}” is not in the vault, or it is a folder (only files can be shared).`);
    }
    throw mapped;
  }
  const { fileId } = readFileFacts(head.Metadata, path);

  const credentials = await session.currentCredentials();
  // Whole seconds: X-Amz-Date has no fractions, and the expiry counts from it.
  const signedAt = Math.floor((deps.now ?? Date.now)() / 1000) * 1000;
  const credentialSeconds =
    Math.floor((credentials.expiration.getTime() - signedAt) / 1000) - CREDENTIALS_MARGIN_SECONDS;
  if (credentialSeconds < 1) {
    throw new VaultError('AUTH_REQUIRED', 'Your session credentials are about to expire. Sign in again, then share.');
  }
  const expiresIn = Math.min(requestedSeconds, SIGV4_MAX_SECONDS, credentialSeconds);
  const cappedBy =
    expiresIn >= requestedSeconds ? undefined : expiresIn === credentialSeconds ? 'credentials' : 'sigv4-limit';

  // A client bound to these very credentials: the session's provider could refresh in between.
  const signer = createS3Client(session.profile, credentials);
  let url: string;
  try {
    url = await getSignedUrl(signer, new GetObjectCommand({ Bucket: bucket, Key: key }), {
      expiresIn,
      signingDate: new Date(signedAt),
    });
  } finally {
    signer.destroy();
  }
  const facts = parsePresignedUrl(url, session.profile);
  const name = path.slice(path.lastIndexOf('/') + 1);
  const link: ShareLink = {
    url,
    appLink: buildAppLink({ url, name, owner: session.identityId, file: fileId }),
    name,
    path,
    expiresAt: facts.expiresAt.toISOString(),
    requestedSeconds,
    expiresInSeconds: expiresIn,
    ...(cappedBy ? { cappedBy } : {}),
  };
  await deps.history?.add({
    name,
    path,
    createdAt: new Date(signedAt).toISOString(),
    expiresAt: link.expiresAt,
    requestedSeconds,
    ...(cappedBy ? { cappedBy } : {}),
    vault: session.profile.vaultId,
    owner: session.identityId,
    fileId,
    bucket,
    objectKey: key,
    amzCredential: facts.credential,
    amzDate: facts.amzDate,
    amzExpires: facts.expiresIn,
  });
  return link;
}
