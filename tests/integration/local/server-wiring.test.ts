/**
 * How startLocalBackend wires its services together: S3's SSE-KMS check reads
 * the vault key's policy from KMS (so PutKeyPolicy holds for S3), and the user
 * pool's admin calls answer a bad signature in Cognito's words.
 */
import { KMS } from '@aws-sdk/client-kms';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalBackend, type LocalBackend } from '../../../src/local/server';
import { NodeSha256 } from '../../unit/local/sigv4/fixtures';

let dir: string;
let backend: LocalBackend;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 's3vault-server-wiring-'));
  backend = await startLocalBackend({ dataDir: dir });
});
afterAll(async () => {
  await backend.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('startLocalBackend wiring', () => {
  it("makes S3's SSE-KMS check follow the key policy PutKeyPolicy sets", async () => {
    const { endpoint, region, localAdmin, bucket, keyArn } = backend.profile;
    const s3 = new S3Client({ endpoint, region, credentials: localAdmin, forcePathStyle: true, maxAttempts: 1 });
    const kms = new KMS({ endpoint, region, credentials: localAdmin, maxAttempts: 1 });
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'before.txt', Body: 'x' }));

    const root = `arn:aws:iam::${keyArn.split(':')[4]}:root`;
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Admin', Effect: 'Allow', Principal: { AWS: root }, Action: 'kms:*', Resource: '*' },
        {
          Sid: 'NoS3',
          Effect: 'Deny',
          Principal: { AWS: root },
          Action: 'kms:GenerateDataKey',
          Resource: '*',
          Condition: { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } },
        },
      ],
    };
    await kms.putKeyPolicy({ KeyId: keyArn, PolicyName: 'default', Policy: JSON.stringify(policy) });
    await expect(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'after.txt', Body: 'x' }))).rejects.toMatchObject({
      name: 'AccessDenied',
    });
    expect(backend.kms.keyPolicy(keyArn.split('/').pop()!)).toEqual(policy);
  });

  it('answers a user-pool admin call with unknown keys with 400 UnrecognizedClientException', async () => {
    const { endpoint, region, userPoolId } = backend.profile;
    const url = new URL(endpoint);
    const body = JSON.stringify({ UserPoolId: userPoolId, Username: 'nobody' });
    const signer = new SignatureV4({
      service: 'cognito-idp',
      region,
      sha256: NodeSha256,
      credentials: { accessKeyId: 'AKIAUNKNOWN000000001', secretAccessKey: 'u'.repeat(40) },
    });
    const signed = await signer.sign({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      headers: {
        host: url.host,
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.AdminGetUser',
      },
      body,
    });
    const response = await fetch(`${endpoint}/`, { method: 'POST', headers: signed.headers, body });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'UnrecognizedClientException' });
  });
});
