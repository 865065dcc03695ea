/**
 * Share-link usage from the vault bucket's S3 server access logs (admins
 * only: members may not read the log bucket). Where the logs go comes from
 * GetBucketLogging; log objects are listed from the day the oldest link was
 * made, read (bounded in count and size), parsed line by line, and each
 * pre-signed GET is matched to a link of the history with isRequestOfLink.
 */
import { GetBucketLoggingCommand, GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { s3ErrorToVaultError } from '../s3/s3-errors';
import { isRequestOfLink, type LinkHistoryEntry } from '../shares/link-history';
import { parseAccessLogLine } from './access-log-line';

/** Requests per link (by history index) and per UTC day ("YYYY-MM-DD"). */
export interface LinkUsage {
  perLink: number[];
  perDay: Record<string, number>;
  logObjects: number;
  /** True when more log objects existed than were read. */
  truncated: boolean;
}

/** At most this many log objects per check, and this many bytes of each: a status check must stay cheap. */
export const MAX_LOG_OBJECTS = 500;
export const MAX_LOG_OBJECT_BYTES = 4 * 1024 * 1024;

/** Counts the requests made with each link; null when the bucket does not log. */
export async function linkUsage(
  s3: S3Client,
  bucket: string,
  links: readonly LinkHistoryEntry[],
  signal: AbortSignal,
): Promise<LinkUsage | null> {
  const logging = await s3
    .send(new GetBucketLoggingCommand({ Bucket: bucket }), { abortSignal: signal })
    .catch((error: unknown) => {
      throw s3ErrorToVaultError(error, { permission: 's3:GetBucketLogging', subject: 'the vault bucket' });
    });
  const target = logging.LoggingEnabled;
  if (!target?.TargetBucket) return null;
  const prefix = target.TargetPrefix ?? '';
  const usage: LinkUsage = { perLink: links.map(() => 0), perDay: {}, logObjects: 0, truncated: false };
  if (links.length === 0) return usage;
  // Log object keys start with the delivery time: nothing before the oldest link's day can mention it.
  const oldest = Math.min(...links.map((link) => Date.parse(link.createdAt)));
  const startAfter = `${prefix}${new Date(oldest - 86_400_000).toISOString().slice(0, 10)}`;
  const keys = await logKeys(s3, target.TargetBucket, prefix, startAfter, signal);
  usage.truncated = keys.length > MAX_LOG_OBJECTS;
  for (const key of keys.slice(0, MAX_LOG_OBJECTS)) {
    const text = await readLogObject(s3, target.TargetBucket, key, signal);
    usage.logObjects++;
    for (const line of text.split('\n')) count(usage, links, line);
  }
  return usage;
}

function count(usage: LinkUsage, links: readonly LinkHistoryEntry[], line: string): void {
  const record = parseAccessLogLine(line.trimEnd());
  if (!record || record.operation !== 'REST.GET.OBJECT' || record.authType !== 'QueryString') return;
  const index = links.findIndex((link) => isRequestOfLink(link, record.requestUri));
  if (index < 0) return;
  usage.perLink[index]!++;
  const day = new Date(record.time).toISOString().slice(0, 10);
  usage.perDay[day] = (usage.perDay[day] ?? 0) + 1;
}

async function logKeys(
  s3: S3Client,
  bucket: string,
  prefix: string,
  startAfter: string,
  signal: AbortSignal,
): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3
      .send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: prefix,
          StartAfter: token ? undefined : startAfter,
          ContinuationToken: token,
        }),
        { abortSignal: signal },
      )
      .catch((error: unknown) => {
        throw s3ErrorToVaultError(error, { permission: 's3:ListBucket', subject: 'the access-log bucket' });
      });
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token && keys.length <= MAX_LOG_OBJECTS);
  return keys;
}

async function readLogObject(s3: S3Client, bucket: string, key: string, signal: AbortSignal): Promise<string> {
  try {
    const answer = await s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=0-${MAX_LOG_OBJECT_BYTES - 1}` }),
      { abortSignal: signal },
    );
    return (await answer.Body?.transformToString('utf8')) ?? '';
  } catch (error) {
    throw s3ErrorToVaultError(error, { permission: 's3:GetObject', subject: 'an access log' });
  }
}
