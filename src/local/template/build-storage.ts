import type { BucketModel, KeyModel, LocalIds } from '../core/model';
import type { PolicyDocument } from '../core/policy-types';
import { cannotEvaluate } from './errors';
import { Props, type ResolvedResource } from './read-props';
import type { PhysicalResource } from './template-types';

type Physical = (logicalId: string) => PhysicalResource;

/**
 * The vault bucket and its log bucket. The vault bucket is the one bucket that
 * is not another bucket's log target; the log bucket is where it logs to.
 */
export function buildBuckets(
  resources: ResolvedResource[],
  physical: Physical,
  key: KeyModel,
): { bucket: BucketModel; logBucket: BucketModel | null } {
  const buckets = resources.filter((resource) => resource.type === 'AWS::S3::Bucket');
  const policies = bucketPolicies(resources);
  const models = buckets.map((resource) => buildBucket(resource, physical(resource.logicalId), policies, key));
  const logTargets = new Set(models.flatMap((model) => (model.logging ? [model.logging.targetBucket] : [])));
  const vaults = models.filter((model) => !logTargets.has(model.name) || model.logging?.targetBucket === model.name);
  if (vaults.length !== 1) {
    throw cannotEvaluate(
      `${vaults.length} vault buckets`,
      'the template',
      "expected exactly one bucket that is not another bucket's log target",
    );
  }
  const bucket = vaults[0]!;
  const target = bucket.logging?.targetBucket;
  const logBucket = target && target !== bucket.name ? (models.find((model) => model.name === target) ?? null) : null;
  if (target && target !== bucket.name && !logBucket) {
    throw cannotEvaluate(`the log target bucket ${target}`, 'the vault bucket', 'it is not declared in the template');
  }
  const extra = models.filter((model) => model !== bucket && model !== logBucket);
  if (extra.length > 0)
    throw cannotEvaluate(
      `the extra bucket ${extra[0]!.name}`,
      'the template',
      'a vault has one bucket and one log bucket',
    );
  for (const name of policies.keys()) {
    if (!models.some((model) => model.name === name))
      throw cannotEvaluate(`a bucket policy for ${name}`, 'the template', 'no such bucket');
  }
  return { bucket, logBucket };
}

function bucketPolicies(resources: ResolvedResource[]): Map<string, PolicyDocument> {
  const byBucket = new Map<string, PolicyDocument>();
  for (const resource of resources.filter((item) => item.type === 'AWS::S3::BucketPolicy')) {
    const props = new Props(resource);
    const bucket = props.requiredString('Bucket');
    if (byBucket.has(bucket)) throw cannotEvaluate(`a second bucket policy for ${bucket}`, resource.logicalId);
    const policy = props.policy('PolicyDocument');
    if (!policy) throw cannotEvaluate('a missing PolicyDocument', resource.logicalId);
    byBucket.set(bucket, policy);
  }
  return byBucket;
}

function buildBucket(
  resource: ResolvedResource,
  physical: PhysicalResource,
  policies: Map<string, PolicyDocument>,
  key: KeyModel,
): BucketModel {
  const props = new Props(resource);
  // Features whose behaviour the local store does not reproduce are refused, not dropped.
  props.refuse('ObjectLockEnabled', 'object lock is not modelled', (value) => value === false || value === 'false');
  props.refuse('ObjectLockConfiguration', 'object lock is not modelled');
  props.refuse('WebsiteConfiguration', 'website hosting is not modelled');
  props.refuse('ReplicationConfiguration', 'replication is not modelled');
  props.refuse('NotificationConfiguration', 'event notifications are not modelled');
  props.refuse('AccessControl', 'ACLs are not modelled', (value) => value === 'Private');
  const name = physical.ref;
  const versioning = props.nested('VersioningConfiguration').string('Status');
  return {
    name,
    arn: physical.attributes.Arn!,
    versioning: versioning === 'Enabled' || versioning === 'Suspended' ? versioning : 'Off',
    publicAccessBlock: publicAccessBlock(props),
    encryption: encryption(props, key),
    lifecycleRules: props
      .nested('LifecycleConfiguration')
      .list('Rules')
      .map((rule, index) => lifecycleRule(props.nested(`LifecycleConfiguration.Rules[${index}]`, rule), index)),
    logging: logging(props, name),
    cors: props
      .nested('CorsConfiguration')
      .list('CorsRules')
      .map((rule, index) => corsRule(props.nested(`CorsConfiguration.CorsRules[${index}]`, rule))),
    policy: policies.get(name) ?? null,
  };
}

function publicAccessBlock(props: Props): BucketModel['publicAccessBlock'] {
  // New buckets have every block on since April 2023; a declared configuration
  // sets each flag, and a flag it leaves out is off (CloudFormation's default).
  const declared = props.has('PublicAccessBlockConfiguration');
  const config = props.nested('PublicAccessBlockConfiguration');
  return {
    BlockPublicAcls: config.boolean('BlockPublicAcls', !declared),
    IgnorePublicAcls: config.boolean('IgnorePublicAcls', !declared),
    BlockPublicPolicy: config.boolean('BlockPublicPolicy', !declared),
    RestrictPublicBuckets: config.boolean('RestrictPublicBuckets', !declared),
  };
}

function encryption(props: Props, key: KeyModel): BucketModel['encryption'] {
  const rules = props.nested('BucketEncryption').list('ServerSideEncryptionConfiguration');
  // S3 encrypts every new object with SSE-S3 when nothing else is configured (since January 2023).
  if (rules.length === 0) return { sseAlgorithm: 'AES256' };
  if (rules.length > 1)
    throw cannotEvaluate('more than one ServerSideEncryptionConfiguration rule', props.resource.logicalId);
  const rule = props.nested('BucketEncryption.ServerSideEncryptionConfiguration[0]', rules[0]);
  const byDefault = rule.nested('ServerSideEncryptionByDefault');
  const algorithm = byDefault.requiredString('SSEAlgorithm');
  if (algorithm === 'AES256') return { sseAlgorithm: 'AES256' };
  if (algorithm !== 'aws:kms') throw cannotEvaluate(`SSEAlgorithm ${algorithm}`, props.resource.logicalId);
  const keyRef = byDefault.string('KMSMasterKeyID');
  // The vault's own key may be named by id or ARN; another key (or aws/s3) is not in this local account.
  if (keyRef !== undefined && keyRef !== key.arn && keyRef !== key.keyId) {
    throw cannotEvaluate(
      `KMSMasterKeyID ${keyRef}`,
      props.resource.logicalId,
      "only the template's own key exists locally",
    );
  }
  return {
    sseAlgorithm: 'aws:kms',
    kmsKeyArn: keyRef === undefined ? undefined : key.arn,
    bucketKeyEnabled: rule.boolean('BucketKeyEnabled', false),
  };
}

const LIFECYCLE_FIELDS = new Set([
  'Id',
  'Status',
  'Prefix',
  'AbortIncompleteMultipartUpload',
  'NoncurrentVersionExpiration',
  'NoncurrentVersionExpirationInDays',
  'ExpirationInDays',
]);

function lifecycleRule(rule: Props, index: number): BucketModel['lifecycleRules'][number] {
  // Only the fields GetBucketLifecycleConfiguration can report from the model are accepted.
  for (const field of rule.keys()) {
    if (!LIFECYCLE_FIELDS.has(field)) rule.refuse(field, 'this lifecycle field is not modelled');
  }
  const status = rule.requiredString('Status');
  if (status !== 'Enabled' && status !== 'Disabled') rule.refuse('Status', 'expected Enabled or Disabled');
  const result: BucketModel['lifecycleRules'][number] = {
    ID: rule.string('Id', `rule-${index + 1}`),
    Status: status as 'Enabled' | 'Disabled',
  };
  const prefix = rule.string('Prefix');
  if (prefix !== undefined) result.Prefix = prefix;
  const abortDays = rule.nested('AbortIncompleteMultipartUpload').number('DaysAfterInitiation');
  if (abortDays !== undefined) result.AbortIncompleteMultipartUpload = { DaysAfterInitiation: abortDays };
  const noncurrentDays =
    rule.nested('NoncurrentVersionExpiration').number('NoncurrentDays') ??
    rule.number('NoncurrentVersionExpirationInDays');
  if (noncurrentDays !== undefined) result.NoncurrentVersionExpiration = { NoncurrentDays: noncurrentDays };
  const expirationDays = rule.number('ExpirationInDays');
  if (expirationDays !== undefined) result.Expiration = { Days: expirationDays };
  return result;
}

function logging(props: Props, ownName: string): BucketModel['logging'] {
  if (!props.has('LoggingConfiguration')) return null;
  const config = props.nested('LoggingConfiguration');
  config.refuse('TargetObjectKeyFormat', 'only the default (simple) log object key format is modelled');
  return {
    targetBucket: config.string('DestinationBucketName', ownName),
    targetPrefix: config.string('LogFilePrefix', ''),
  };
}

function corsRule(rule: Props): BucketModel['cors'][number] {
  const result: BucketModel['cors'][number] = {
    AllowedMethods: rule.strings('AllowedMethods') ?? [],
    AllowedOrigins: rule.strings('AllowedOrigins') ?? [],
  };
  const headers = rule.strings('AllowedHeaders');
  if (headers) result.AllowedHeaders = headers;
  const exposed = rule.strings('ExposedHeaders');
  if (exposed) result.ExposedHeaders = exposed;
  const maxAge = rule.number('MaxAge');
  if (maxAge !== undefined) result.MaxAge = maxAge;
  return result;
}

/** The template's one KMS key: a symmetric encryption key, as the local KMS implements. */
export function buildKey(resources: ResolvedResource[], physical: Physical, ids: LocalIds): KeyModel {
  const keys = resources.filter((resource) => resource.type === 'AWS::KMS::Key');
  if (keys.length !== 1) throw cannotEvaluate(`${keys.length} KMS keys`, 'the template', 'a vault has exactly one key');
  const resource = keys[0]!;
  const props = new Props(resource);
  props.refuse('KeySpec', 'only symmetric keys are modelled', (value) => value === 'SYMMETRIC_DEFAULT');
  props.refuse('KeyUsage', 'only ENCRYPT_DECRYPT keys are modelled', (value) => value === 'ENCRYPT_DECRYPT');
  props.refuse('Origin', 'only AWS_KMS key material is modelled', (value) => value === 'AWS_KMS');
  props.refuse('MultiRegion', 'multi-Region keys are not modelled', (value) => value === false || value === 'false');
  props.refuse('Enabled', 'a disabled key is not modelled', (value) => value === true || value === 'true');
  const arn = physical(resource.logicalId).attributes.Arn!;
  return {
    logicalId: resource.logicalId,
    keyId: ids.keyId,
    arn,
    description: props.string('Description', ''),
    rotationEnabled: props.boolean('EnableKeyRotation', false),
    // Without a KeyPolicy, KMS gives a key the default policy: the account, delegating to IAM.
    policy: props.policy('KeyPolicy') ?? {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'Enable IAM User Permissions',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${ids.accountId}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
      ],
    },
  };
}
