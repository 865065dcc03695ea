/**
 * The vault bucket's health: reachable (GetBucketLocation: members may not
 * HeadBucket, DESIGN §2) and how fast, then the settings that keep files safe:
 * default encryption, the public access block, versioning, and a lifecycle
 * rule that aborts incomplete multipart uploads. Each setting that is off is a
 * warning; one we may not read is a warning naming the permission.
 */
import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLocationCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { errorNameOf, httpStatusOf, s3ErrorToVaultError, type S3Permission } from '../s3/s3-errors';
import type { Probe, ProbeDetails } from './probe-types';

/** One setting's verdict: fine (with what to show), or a problem sentence. */
type Check = { ok: true; value: string } | { ok: false; value: string; problem: string };

const SUBJECT = 'the vault bucket';

/** The Bucket probe over the session's S3 client. */
export function bucketProbe(s3: S3Client, bucket: string): Probe {
  return {
    id: 'bucket',
    name: 'Bucket',
    async run({ signal }) {
      const started = performance.now();
      try {
        await s3.send(new GetBucketLocationCommand({ Bucket: bucket }), { abortSignal: signal });
      } catch (error) {
        throw s3ErrorToVaultError(error, { permission: 's3:GetBucketLocation', subject: SUBJECT });
      }
      const latencyMs = Math.round(performance.now() - started);
      const read = <T>(permission: S3Permission, send: () => Promise<T>, judge: (answer: T) => Check) =>
        send().then(judge, (error: unknown) => unreadable(error, permission));
      const pending: Record<string, Promise<Check>> = {
        encryption: read(
          's3:GetEncryptionConfiguration',
          () => s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }), { abortSignal: signal }),
          (answer) => {
            const rule = answer.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault;
            return rule?.SSEAlgorithm
              ? { ok: true, value: rule.SSEAlgorithm }
              : { ok: false, value: 'off', problem: 'default encryption is off' };
          },
        ),
        publicAccessBlock: read(
          's3:GetBucketPublicAccessBlock',
          () => s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }), { abortSignal: signal }),
          (answer) => {
            const c = answer.PublicAccessBlockConfiguration;
            const all = c?.BlockPublicAcls && c.IgnorePublicAcls && c.BlockPublicPolicy && c.RestrictPublicBuckets;
            return all
              ? { ok: true, value: 'all blocked' }
              : { ok: false, value: 'partly off', problem: 'public access is not fully blocked' };
          },
        ),
        versioning: read(
          's3:GetBucketVersioning',
          () => s3.send(new GetBucketVersioningCommand({ Bucket: bucket }), { abortSignal: signal }),
          (answer) =>
            answer.Status === 'Enabled'
              ? { ok: true, value: 'Enabled' }
              : {
                  ok: false,
                  value: answer.Status ?? 'Off',
                  problem: `versioning is ${(answer.Status ?? 'off').toLowerCase()} (a deleted or overwritten file cannot be recovered)`,
                },
        ),
        abortIncompleteUploads: read(
          's3:GetLifecycleConfiguration',
          () => s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }), { abortSignal: signal }),
          (answer) => {
            const days = answer.Rules?.find((r) => r.Status === 'Enabled' && r.AbortIncompleteMultipartUpload)
              ?.AbortIncompleteMultipartUpload?.DaysAfterInitiation;
            return days !== undefined ? { ok: true, value: `after ${days} day(s)` } : noAbortRule();
          },
        ),
      };
      // The four reads go out together: the probe costs one round trip more than the location, not four.
      const names = Object.keys(pending);
      const settled = await Promise.all(Object.values(pending));
      const checks = Object.fromEntries(names.map((name, index) => [name, settled[index]!]));
      const details: ProbeDetails = { bucket, latencyMs };
      for (const [name, check] of Object.entries(checks)) details[name] = check.value;
      const problems = Object.values(checks).flatMap((check) => (check.ok ? [] : [check.problem]));
      if (problems.length === 0) {
        return { state: 'ok', reason: `The bucket answers in ${latencyMs} ms and its protections are on.`, details };
      }
      return { state: 'warning', reason: `The bucket answers, but ${problems.join('; ')}.`, details };
    },
  };
}

function noAbortRule(): Check {
  return {
    ok: false,
    value: 'no rule',
    problem: 'no lifecycle rule aborts incomplete uploads (interrupted uploads keep costing storage)',
  };
}

/** A setting we could not read: which permission was refused, or what went wrong. */
function unreadable(error: unknown, permission: S3Permission): Check {
  const name = errorNameOf(error);
  // No lifecycle configuration at all: certainly no abort rule.
  if (name === 'NoSuchLifecycleConfiguration') return noAbortRule();
  if (name === 'AccessDenied' || httpStatusOf(error) === 403) {
    return { ok: false, value: 'not readable', problem: `S3 refused ${permission}, so this setting cannot be checked` };
  }
  const mapped = s3ErrorToVaultError(error, { permission, subject: SUBJECT });
  return { ok: false, value: 'unknown', problem: `${permission} failed: ${mapped.message.replace(/\.$/, '')}` };
}
