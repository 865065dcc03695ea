import { describe, expect, it } from 'vitest';
import { loadModel } from './fixture';

describe('loadVaultModel: bucket, log bucket and key', () => {
  const model = loadModel();

  it('reads the vault bucket settings', () => {
    const { bucket } = model;
    expect(bucket.versioning).toBe('Enabled');
    expect(Object.values(bucket.publicAccessBlock)).toEqual([true, true, true, true]);
    expect(bucket.encryption).toEqual({ sseAlgorithm: 'aws:kms', kmsKeyArn: model.key.arn, bucketKeyEnabled: true });
    expect(bucket.lifecycleRules).toEqual([
      {
        ID: 'abort-incomplete-multipart-uploads',
        Status: 'Enabled',
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      },
      { ID: 'expire-noncurrent-versions', Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 30 } },
    ]);
    expect(bucket.logging).toEqual({ targetBucket: model.logBucket!.name, targetPrefix: 'access-logs/' });
    expect(bucket.cors).toEqual([]);
  });

  it('attaches each bucket policy to its bucket', () => {
    expect(JSON.stringify(model.bucket.policy)).toContain('aws:SecureTransport');
    const delivery = JSON.stringify(model.logBucket!.policy);
    expect(delivery).toContain('logging.s3.amazonaws.com');
    expect(delivery).toContain(model.bucket.arn);
  });

  it('keeps the log bucket on SSE-S3, private, without logging of its own', () => {
    expect(model.logBucket!.encryption).toEqual({ sseAlgorithm: 'AES256' });
    expect(Object.values(model.logBucket!.publicAccessBlock)).toEqual([true, true, true, true]);
    expect(model.logBucket!.logging).toBeNull();
  });

  it('reads the key with rotation and its policy', () => {
    expect(model.key.rotationEnabled).toBe(true);
    expect(model.key.logicalId).toBe('VaultKey');
    const statements = model.key.policy.Statement as Array<{ Sid: string; Principal: unknown }>;
    expect(statements.map((statement) => statement.Sid)).toEqual(['EnableIamPolicies', 'DenyDataKeysOfOtherVaults']);
    expect(statements[0]!.Principal).toEqual({ AWS: 'arn:aws:iam::123456789012:root' });
  });
});
