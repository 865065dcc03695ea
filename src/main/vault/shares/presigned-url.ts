import { VaultError } from '../errors';
import type { VaultProfile } from '../profile';

/** What a pre-signed GET URL of the vault says about itself, read without trusting it. */
export interface PresignedUrl {
  url: URL;
  bucket: string;
  /** The object key, decoded. */
  key: string;
  /** The owner's identity id, from the key (`private/<owner>/v1/…`). */
  owner: string;
  /** X-Amz-Date: when it was signed. */
  signedAt: Date;
  /** X-Amz-Expires, in seconds. */
  expiresIn: number;
  /** signedAt + expiresIn: when S3 stops honouring it (or earlier, when the signing credentials expire). */
  expiresAt: Date;
  /** X-Amz-Credential: access key id / date / region / s3 / aws4_request (no secret). */
  credential: string;
  /** X-Amz-Date as written in the URL (yyyymmddThhmmssZ). */
  amzDate: string;
}

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const KEY = /^private\/([^/]+)\/v1\/./;

/**
 * Reads and checks a pre-signed GET URL before anything is fetched: https (or
 * the profile's own endpoint, for a local vault), an S3 address whose bucket
 * is this vault's, a key in someone's folder of the vault, and SigV4 query
 * parameters. INVALID_INPUT, with the reason, otherwise.
 */
export function parsePresignedUrl(
  text: string,
  profile: Pick<VaultProfile, 'bucket' | 'endpoint' | 'region'>,
): PresignedUrl {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw invalid('This is not a valid link.');
  }
  const location = bucketAndKey(url, profile);
  if (location.bucket !== profile.bucket) {
    throw invalid(`This link is for another vault (bucket “${location.bucket}”), not this one.`);
  }
  const owner = KEY.exec(location.key)?.[1];
  if (!owner) throw invalid('This link does not point to a file of the vault.');

  const query = url.searchParams;
  const amzDate = query.get('X-Amz-Date') ?? '';
  const expires = query.get('X-Amz-Expires') ?? '';
  const credential = query.get('X-Amz-Credential') ?? '';
  const date = AMZ_DATE.exec(amzDate);
  if (
    query.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256' ||
    !query.get('X-Amz-Signature') ||
    !credential ||
    !date ||
    !/^\d{1,6}$/.test(expires)
  ) {
    throw invalid('This link is not a complete share link (its signature parameters are missing or damaged).');
  }
  const [, year, month, day, hour, minute, second] = date.map(Number) as number[];
  const signedAt = new Date(Date.UTC(year!, month! - 1, day!, hour!, minute!, second!));
  const expiresIn = Number(expires);
  return {
    url,
    bucket: location.bucket,
    key: location.key,
    owner,
    signedAt,
    expiresIn,
    expiresAt: new Date(signedAt.getTime() + expiresIn * 1000),
    credential,
    amzDate,
  };
}

/** Bucket and key of a path-style (endpoint or s3.<region>.amazonaws.com) or virtual-hosted URL. */
function bucketAndKey(url: URL, profile: Pick<VaultProfile, 'endpoint'>): { bucket: string; key: string } {
  const endpoint = profile.endpoint ? new URL(profile.endpoint) : undefined;
  const pathStyle = (): { bucket: string; key: string } => {
    const [bucket = '', ...rest] = url.pathname.replace(/^\//, '').split('/');
    return { bucket: decode(bucket), key: rest.map(decode).join('/') };
  };
  if (endpoint && url.origin === endpoint.origin) return pathStyle();
  if (url.protocol !== 'https:') {
    throw invalid('This link does not use https: it cannot be a share link of this vault.');
  }
  if (url.username || url.password || (url.port && url.port !== '443'))
    throw invalid('This link has an unusual address.');
  const host = url.hostname.toLowerCase();
  const aws = /^(?:(.+)\.)?s3(?:[.-]dualstack)?(?:[.-][a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?$/.exec(host);
  if (!aws) throw invalid('This link does not point to Amazon S3.');
  if (aws[1] === undefined) return pathStyle();
  return { bucket: aws[1], key: url.pathname.replace(/^\//, '').split('/').map(decode).join('/') };
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw invalid('This link is damaged (bad percent-encoding).');
  }
}

function invalid(message: string): VaultError {
  return new VaultError('INVALID_INPUT', message);
}
