import { KMS } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../../../src/local/core/principal';
import {
  ADMIN_KEYS,
  startIdentityBackend,
  stopIdentityBackends,
  type IdentityBackend,
} from '../../../support/local-identity/identity-backend';
import {
  ACCOUNT_ID,
  IDENTITY_POOL_ID,
  KEY_ARN,
  REGION,
  STACK,
  USER_ROLE_ARN,
} from '../../../support/local-identity/vault-model';

let backend: IdentityBackend;
beforeAll(async () => {
  backend = await startIdentityBackend();
});
afterAll(stopIdentityBackends);

const kms = (
  credentials = ADMIN_KEYS as { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  region = REGION,
  endpoint = backend.endpoint,
) => new KMS({ endpoint, region, credentials, maxAttempts: 1 });

/** A raw JSON 1.1 call, to send what the SDK never would. */
async function raw(target: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${backend.endpoint}/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': target, ...headers },
    body,
  });
  return { status: response.status, body: (await response.json()) as { __type: string; message: string } };
}

const member: Principal = {
  kind: 'assumed-role',
  accountId: ACCOUNT_ID,
  arn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/${USER_ROLE_ARN.split('/').pop()}/CognitoIdentityCredentials`,
  roleArn: USER_ROLE_ARN,
  roleName: USER_ROLE_ARN.split('/').pop()!,
  sessionName: 'CognitoIdentityCredentials',
  identityId: 'us-east-1:aaaaaaaa-0000-4000-8000-000000000001',
  identityPoolId: IDENTITY_POOL_ID,
};

describe('KMS wire protocol', () => {
  it('refuses unsigned requests and wrong secrets', async () => {
    expect(await raw('TrentService.DescribeKey', JSON.stringify({ KeyId: KEY_ARN }))).toMatchObject({
      status: 400,
      body: { __type: 'MissingAuthenticationTokenException' },
    });
    await expect(
      kms({ ...ADMIN_KEYS, secretAccessKey: 'x'.repeat(40) }).describeKey({ KeyId: KEY_ARN }),
    ).rejects.toMatchObject({
      name: 'InvalidSignatureException',
    });
  });

  it('refuses requests signed for another region, as AWS would', async () => {
    await expect(kms(ADMIN_KEYS, 'eu-west-1').describeKey({ KeyId: KEY_ARN })).rejects.toMatchObject({
      name: 'InvalidSignatureException',
      message: expect.stringContaining('eu-west-1'),
    });
  });

  it('answers unknown operations in KMS terms', async () => {
    expect(await raw('TrentService.MakeCoffee', '{}')).toMatchObject({
      status: 400,
      body: { __type: 'UnknownOperationException' },
    });
  });

  it('validates fields like KMS', async () => {
    const client = kms();
    await expect(client.generateDataKey({ KeyId: KEY_ARN })).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      client.generateDataKey({ KeyId: KEY_ARN, KeySpec: 'AES_256', NumberOfBytes: 32 }),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(client.generateDataKey({ KeyId: KEY_ARN, NumberOfBytes: 1025 })).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(client.encrypt({ KeyId: KEY_ARN, Plaintext: new Uint8Array(4097) })).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(client.describeKey({ KeyId: 'alias/none' })).rejects.toMatchObject({
      name: 'NotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
    await expect(client.decrypt({ CiphertextBlob: new Uint8Array([1, 2, 3]) })).rejects.toMatchObject({
      name: 'InvalidCiphertextException',
    });
  });

  it('leaves account-level actions to IAM: the admin may create keys, a vault role may not', async () => {
    const created = await kms().createKey({ Description: 'by the admin' });
    expect(created.KeyMetadata).toMatchObject({
      KeyState: 'Enabled',
      KeyManager: 'CUSTOMER',
      Description: 'by the admin',
    });
    const record = backend.credentials.issue(member, 900);
    await expect(kms(record).createKey({})).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(kms(record).listKeys({})).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });

  it('lets a member read the key facts the status panel needs, and nothing more', async () => {
    const client = kms(backend.credentials.issue(member, 900));
    await expect(client.describeKey({ KeyId: KEY_ARN })).resolves.toMatchObject({
      KeyMetadata: { KeyState: 'Enabled' },
    });
    await expect(client.getKeyRotationStatus({ KeyId: KEY_ARN })).resolves.toMatchObject({ KeyRotationEnabled: true });
    await expect(client.getKeyPolicy({ KeyId: KEY_ARN })).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(
      client.encrypt({ KeyId: KEY_ARN, Plaintext: Buffer.from('x'), EncryptionContext: { vault: STACK } }),
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
  });

  it('refuses a key policy that would lock the caller out, unless told to bypass the check', async () => {
    const client = kms();
    const { KeyMetadata } = await client.createKey({});
    const lockout = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: USER_ROLE_ARN }, Action: 'kms:Decrypt', Resource: '*' }],
    });
    await expect(client.putKeyPolicy({ KeyId: KeyMetadata!.KeyId, Policy: lockout })).rejects.toMatchObject({
      name: 'MalformedPolicyDocumentException',
      message: 'The new key policy will not allow you to update the key policy in the future.',
    });
    await client.putKeyPolicy({ KeyId: KeyMetadata!.KeyId, Policy: lockout, BypassPolicyLockoutSafetyCheck: true });
    await expect(client.describeKey({ KeyId: KeyMetadata!.KeyId })).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
  });

  it('decrypts after a restart what it encrypted before', async () => {
    const context = { vault: STACK, owner: 'o', file: 'f' };
    const { CiphertextBlob, Plaintext } = await kms().generateDataKey({
      KeyId: KEY_ARN,
      KeySpec: 'AES_256',
      EncryptionContext: context,
    });
    const restarted = await startIdentityBackend({ dataDir: backend.dataDir });
    const decrypted = await kms(ADMIN_KEYS, REGION, restarted.endpoint).decrypt({
      CiphertextBlob,
      EncryptionContext: context,
    });
    expect(Buffer.from(decrypted.Plaintext!)).toEqual(Buffer.from(Plaintext!));
  });
});
