/**
 * Bucket-level operations: HeadBucket, GetBucketLocation, the configuration
 * reads the status panel uses, PutBucketVersioning, bucket policies, and
 * CreateBucket / DeleteBucket for buckets beyond the template's.
 */
import type { BucketModel } from '../../core/model';
import type { PolicyDocument } from '../../core/policy-types';
import { validatePolicy } from '../../iam';
import { receiveSmall } from '../body';
import { sendEmpty, sendXml, type S3Call } from '../call';
import { s3Error } from '../errors';
import { el, parseXml, wrap, xmlDocument } from '../xml';

export async function headBucket(call: S3Call): Promise<void> {
  sendEmpty(call, 200, { 'x-amz-bucket-region': call.deps.model.region });
}

export async function getBucketLocation(call: S3Call): Promise<void> {
  // us-east-1 is the empty location constraint, for historical reasons.
  const region = call.deps.model.region === 'us-east-1' ? '' : call.deps.model.region;
  sendXml(
    call,
    200,
    `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${region}</LocationConstraint>`,
  );
}

export async function getBucketVersioning(call: S3Call): Promise<void> {
  const v = call.bucket.config.versioning;
  sendXml(call, 200, xmlDocument('VersioningConfiguration', v === 'Off' ? '' : el('Status', v)));
}

export async function putBucketVersioning(call: S3Call): Promise<void> {
  const { body } = await receiveSmall(call.req, call.verified.payload, 64 * 1024);
  const doc = parseXml(body).VersioningConfiguration as { Status?: string; MfaDelete?: string } | undefined;
  const status = doc?.Status;
  if (!doc || (status !== undefined && status !== 'Enabled' && status !== 'Suspended')) throw s3Error('MalformedXML');
  if (doc.MfaDelete === 'Enabled')
    throw s3Error('InvalidRequest', 'DevPay and Mfa are mutually exclusive authorization methods.');
  // Once enabled, versioning can be suspended but never switched off again.
  if (status !== undefined) call.deps.buckets.update(call.bucket.name, (c) => void (c.versioning = status));
  sendEmpty(call, 200);
}

export async function getBucketEncryption(call: S3Call): Promise<void> {
  // Since 2023 every bucket has at least SSE-S3 as its default encryption.
  const enc = call.bucket.config.encryption ?? { sseAlgorithm: 'AES256' as const };
  const rule = wrap(
    'Rule',
    `${wrap('ApplyServerSideEncryptionByDefault', `${el('SSEAlgorithm', enc.sseAlgorithm)}${el('KMSMasterKeyID', enc.kmsKeyArn)}`)}${el('BucketKeyEnabled', enc.bucketKeyEnabled ?? false)}`,
  );
  sendXml(call, 200, xmlDocument('ServerSideEncryptionConfiguration', rule));
}

export async function getPublicAccessBlock(call: S3Call): Promise<void> {
  const pab = call.bucket.config.publicAccessBlock;
  const body = (['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const)
    .map((k) => el(k, pab[k]))
    .join('');
  sendXml(call, 200, xmlDocument('PublicAccessBlockConfiguration', body));
}

export async function getBucketLifecycle(call: S3Call): Promise<void> {
  const rules = call.bucket.config.lifecycleRules;
  if (rules.length === 0) throw s3Error('NoSuchLifecycleConfiguration', undefined, { BucketName: call.bucket.name });
  const xml = rules
    .map((r) =>
      wrap(
        'Rule',
        `${r.Expiration ? wrap('Expiration', el('Days', r.Expiration.Days)) : ''}${el('ID', r.ID)}${wrap('Filter', el('Prefix', r.Prefix ?? ''))}${el('Status', r.Status)}${r.NoncurrentVersionExpiration ? wrap('NoncurrentVersionExpiration', el('NoncurrentDays', r.NoncurrentVersionExpiration.NoncurrentDays)) : ''}${r.AbortIncompleteMultipartUpload ? wrap('AbortIncompleteMultipartUpload', el('DaysAfterInitiation', r.AbortIncompleteMultipartUpload.DaysAfterInitiation)) : ''}`,
      ),
    )
    .join('');
  sendXml(call, 200, xmlDocument('LifecycleConfiguration', xml), {
    'x-amz-transition-default-minimum-object-size': 'all_storage_classes_128K',
  });
}

export async function getBucketLogging(call: S3Call): Promise<void> {
  const l = call.bucket.config.logging;
  const body = l
    ? wrap('LoggingEnabled', `${el('TargetBucket', l.targetBucket)}${el('TargetPrefix', l.targetPrefix)}`)
    : '';
  sendXml(call, 200, xmlDocument('BucketLoggingStatus', body));
}

export async function getBucketCors(call: S3Call): Promise<void> {
  const rules = call.bucket.config.cors;
  if (rules.length === 0) throw s3Error('NoSuchCORSConfiguration', undefined, { BucketName: call.bucket.name });
  const xml = rules
    .map((r) =>
      wrap(
        'CORSRule',
        `${(r.AllowedHeaders ?? []).map((h) => el('AllowedHeader', h)).join('')}${r.AllowedMethods.map((m) => el('AllowedMethod', m)).join('')}${r.AllowedOrigins.map((o) => el('AllowedOrigin', o)).join('')}${(r.ExposedHeaders ?? []).map((h) => el('ExposeHeader', h)).join('')}${el('MaxAgeSeconds', r.MaxAge)}`,
      ),
    )
    .join('');
  sendXml(call, 200, xmlDocument('CORSConfiguration', xml));
}

export async function getBucketPolicy(call: S3Call): Promise<void> {
  const policy = call.bucket.config.policy;
  if (!policy) throw s3Error('NoSuchBucketPolicy', undefined, { BucketName: call.bucket.name });
  const body = Buffer.from(JSON.stringify(policy), 'utf8');
  call.res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
  call.res.end(body);
}

export async function putBucketPolicy(call: S3Call): Promise<void> {
  const { body } = await receiveSmall(call.req, call.verified.payload, 20 * 1024);
  let policy: PolicyDocument;
  try {
    policy = JSON.parse(body.toString('utf8')) as PolicyDocument;
    if (!policy || typeof policy !== 'object' || !policy.Statement) throw new Error('Missing required field Statement');
  } catch (error) {
    throw s3Error('MalformedPolicy', (error as Error).message);
  }
  // What the evaluator cannot evaluate is refused now, loudly, rather than
  // failing (or being ignored) on every later request to the bucket.
  try {
    validatePolicy(policy, 'resource', `the bucket policy of ${call.bucket.name}`);
  } catch (error) {
    throw s3Error('MalformedPolicy', (error as Error).message);
  }
  call.deps.buckets.update(call.bucket.name, (c) => void (c.policy = policy));
  sendEmpty(call, 204);
}

export async function deleteBucketPolicy(call: S3Call): Promise<void> {
  call.deps.buckets.update(call.bucket.name, (c) => void (c.policy = null));
  sendEmpty(call, 204);
}

const BUCKET_NAME = /^(?!xn--)(?!.*-s3alias$)(?!\d+\.\d+\.\d+\.\d+$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** CreateBucket for a bucket beyond the template's (e.g. a benchmark tool's); settings as AWS defaults them today. */
export async function createBucket(call: S3Call, name: string): Promise<void> {
  if (call.deps.buckets.get(name)) throw s3Error('BucketAlreadyOwnedByYou', undefined, { BucketName: name });
  if (!BUCKET_NAME.test(name) || name.includes('..'))
    throw s3Error('InvalidBucketName', undefined, { BucketName: name });
  const config: BucketModel = {
    name,
    arn: `arn:aws:s3:::${name}`,
    versioning: 'Off',
    publicAccessBlock: {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    },
    encryption: { sseAlgorithm: 'AES256' },
    lifecycleRules: [],
    logging: null,
    cors: [],
    policy: null,
  };
  call.deps.buckets.create(config, call.deps.now());
  sendEmpty(call, 200, { Location: `/${name}` });
}

export async function deleteBucket(call: S3Call): Promise<void> {
  if (!call.deps.store.isEmpty(call.bucket.name))
    throw s3Error('BucketNotEmpty', undefined, { BucketName: call.bucket.name });
  if (call.bucket.fromModel)
    throw s3Error('AccessDenied', 'The buckets of the vault template cannot be deleted on the local backend.');
  call.deps.buckets.delete(call.bucket.name);
  sendEmpty(call, 204);
}
