import { describe, expect, it } from 'vitest';
import { authorizeService } from '../../../../src/local/iam';
import { loadModel } from '../template/fixture';

const model = loadModel();
const logs = model.logBucket!;

function deliver(sourceArn: string, sourceAccount = model.accountId, key = 'access-logs/2026-05-08-09-00-00-ABC') {
  return authorizeService(logs.policy, {
    service: 'logging.s3.amazonaws.com',
    action: 's3:PutObject',
    resource: `${logs.arn}/${key}`,
    context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': sourceAccount },
  });
}

describe('S3 server access log delivery under the log bucket policy', () => {
  it('is allowed for the vault bucket of this account', () => {
    expect(deliver(model.bucket.arn)).toBe('allow');
  });

  it('is refused for another bucket, another account, or outside the log prefix', () => {
    expect(deliver('arn:aws:s3:::someone-else')).toBe('implicit-deny');
    expect(deliver(model.bucket.arn, '999999999999')).toBe('implicit-deny');
    expect(deliver(model.bucket.arn, model.accountId, 'elsewhere/x')).toBe('implicit-deny');
  });

  it('is refused for another service', () => {
    expect(
      authorizeService(logs.policy, {
        service: 'cloudtrail.amazonaws.com',
        action: 's3:PutObject',
        resource: `${logs.arn}/access-logs/x`,
        context: {},
      }),
    ).toBe('implicit-deny');
  });
});
