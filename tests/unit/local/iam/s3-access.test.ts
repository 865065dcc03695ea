import { describe, expect, it } from 'vitest';
import type { AuthzRequest } from '../../../../src/local/core/authorizer';
import { createAuthorizer } from '../../../../src/local/iam';
import { ALICE_ID, BOB_ID, adminOf, loadModel, sessionOf } from '../template/fixture';

const model = loadModel();
const authorizer = createAuthorizer(model);
const alice = sessionOf(model, 'VaultUserRole', ALICE_ID);
const aliceAdmin = sessionOf(model, 'VaultAdminRole', ALICE_ID);
const bucketArn = model.bucket.arn;
const secure = { 'aws:SecureTransport': true };

function s3(
  principal: AuthzRequest['principal'],
  action: string,
  resource: string,
  context: AuthzRequest['context'] = {},
  policy = model.bucket.policy,
) {
  return authorizer.authorize({ principal, action, resource, context: { ...secure, ...context } }, policy);
}

describe('S3 access under the template policies', () => {
  it('lets alice put, get and delete under her own prefix', () => {
    for (const action of [
      's3:PutObject',
      's3:GetObject',
      's3:DeleteObject',
      's3:AbortMultipartUpload',
      's3:ListMultipartUploadParts',
    ]) {
      expect(s3(alice, action, `${bucketArn}/private/${ALICE_ID}/v1/abc/def`), action).toBe('allow');
    }
  });

  it("keeps alice out of bob's prefix and the rest of the bucket", () => {
    expect(s3(alice, 's3:GetObject', `${bucketArn}/private/${BOB_ID}/v1/abc`)).toBe('implicit-deny');
    expect(s3(alice, 's3:PutObject', `${bucketArn}/private/${BOB_ID}/v1/abc`)).toBe('implicit-deny');
    expect(s3(alice, 's3:GetObject', `${bucketArn}/other/file`)).toBe('implicit-deny');
    // The action name is matched case-insensitively, the resource is not.
    expect(s3(alice, 'S3:GETOBJECT', `${bucketArn}/private/${ALICE_ID}/x`)).toBe('allow');
    expect(s3(alice, 's3:GetObject', `${bucketArn}/PRIVATE/${ALICE_ID}/x`)).toBe('implicit-deny');
  });

  it('lets alice list exactly her own prefix', () => {
    const list = (prefix: string | undefined) =>
      s3(alice, 's3:ListBucket', bucketArn, { 's3:prefix': prefix, 's3:delimiter': '/' });
    expect(list(`private/${ALICE_ID}/`)).toBe('allow');
    expect(list(`private/${ALICE_ID}/v1/`)).toBe('allow');
    expect(list(`private/${ALICE_ID}/v1/c2VnbWVudA/`)).toBe('allow');
    expect(list(`private/${BOB_ID}/`)).toBe('implicit-deny');
    expect(list(`private/${ALICE_ID}`)).toBe('implicit-deny');
    expect(list('private/')).toBe('implicit-deny');
    expect(list('')).toBe('implicit-deny');
    expect(list(undefined)).toBe('implicit-deny');
  });

  it("gives the admin role bucket-wide listing and the access logs, but not others' files", () => {
    expect(s3(aliceAdmin, 's3:ListBucket', bucketArn, {})).toBe('allow');
    expect(s3(aliceAdmin, 's3:GetObject', `${bucketArn}/private/${BOB_ID}/v1/abc`)).toBe('implicit-deny');
    const logs = model.logBucket!;
    expect(s3(aliceAdmin, 's3:GetObject', `${logs.arn}/access-logs/2026-05-08-09-00-00-ABC`, {}, logs.policy)).toBe(
      'allow',
    );
    expect(s3(aliceAdmin, 's3:ListBucket', logs.arn, {}, logs.policy)).toBe('allow');
    expect(s3(alice, 's3:GetObject', `${logs.arn}/access-logs/2026-05-08-09-00-00-ABC`, {}, logs.policy)).toBe(
      'implicit-deny',
    );
  });

  it('lets members read the bucket facts for the status panel, and nothing else bucket-level', () => {
    expect(s3(alice, 's3:GetEncryptionConfiguration', bucketArn)).toBe('allow');
    expect(s3(alice, 's3:GetBucketVersioning', bucketArn)).toBe('allow');
    expect(s3(alice, 's3:PutBucketPolicy', bucketArn)).toBe('implicit-deny');
  });

  it('explicitly denies a request without TLS, even to the account admin', () => {
    const insecure = { 'aws:SecureTransport': false };
    expect(s3(alice, 's3:GetObject', `${bucketArn}/private/${ALICE_ID}/x`, insecure)).toBe('explicit-deny');
    expect(s3(adminOf(model), 's3:GetObject', `${bucketArn}/private/${ALICE_ID}/x`, insecure)).toBe('explicit-deny');
    expect(s3(adminOf(model), 's3:GetObject', `${bucketArn}/private/${ALICE_ID}/x`)).toBe('allow');
  });

  it('gives a session of an undeclared role nothing', () => {
    const stranger = { ...alice, roleArn: 'arn:aws:iam::123456789012:role/other' };
    expect(s3(stranger, 's3:GetObject', `${bucketArn}/private/${ALICE_ID}/x`)).toBe('implicit-deny');
  });
});
