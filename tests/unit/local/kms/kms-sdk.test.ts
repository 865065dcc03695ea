import { buildClient, CommitmentPolicy, AlgorithmSuiteIdentifier, KmsKeyringNode } from '@aws-crypto/client-node';
import { KMS } from '@aws-sdk/client-kms';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../../../src/local/core/principal';
import { createCredentialDirectory } from '../../../../src/local/credentials';
import { createKmsService, type KmsService } from '../../../../src/local/kms';
import type { AuthzRequest } from '../../../../src/local/core/authorizer';
import { createAuthorizer } from '../../../../src/local/iam';
import {
  ACCOUNT_ID,
  IDENTITY_POOL_ID,
  KEY_ARN,
  KEY_ID,
  REGION,
  STACK,
  USER_ROLE_ARN,
  vaultModel,
} from '../../../support/local-identity/vault-model';
import { startTestServer, type TestServer } from '../../../support/local-identity/test-server';

const adminKeys = { accessKeyId: 'AKIATESTADMIN0000001', secretAccessKey: 'test-admin-secret-test-admin-secret-0001' };
const alice = 'us-east-1:aaaaaaaa-0000-4000-8000-000000000001';
const bob = 'us-east-1:bbbbbbbb-0000-4000-8000-000000000002';

function member(identityId: string): Principal {
  return {
    kind: 'assumed-role',
    accountId: ACCOUNT_ID,
    arn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/${USER_ROLE_ARN.split('/').pop()}/CognitoIdentityCredentials`,
    roleArn: USER_ROLE_ARN,
    roleName: USER_ROLE_ARN.split('/').pop()!,
    sessionName: 'CognitoIdentityCredentials',
    identityId,
    identityPoolId: IDENTITY_POOL_ID,
  };
}

let dataDir: string;
let server: TestServer;
let kmsService: KmsService;
let issueClock = 0;
const model = vaultModel();
/** The template's policies, evaluated by src/local/iam; requests recorded to check the condition keys KMS sends. */
const requests: AuthzRequest[] = [];
const iam = createAuthorizer(model);
const authorizer = {
  authorize: (request: AuthzRequest, policy: Parameters<typeof iam.authorize>[1]) => (
    requests.push(request),
    iam.authorize(request, policy)
  ),
};
const credentials = () =>
  createCredentialDirectory({ dataDir, accountId: ACCOUNT_ID, adminKeys, now: () => Date.now() + issueClock });
let directory: ReturnType<typeof credentials>;

function client(record: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): KMS {
  const { accessKeyId, secretAccessKey, sessionToken } = record;
  return new KMS({
    endpoint: server.endpoint,
    region: REGION,
    credentials: { accessKeyId, secretAccessKey, sessionToken },
    maxAttempts: 1,
  });
}
const admin = () => client(adminKeys);

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 's3vault-kms-sdk-'));
  directory = credentials();
  kmsService = createKmsService({ model, dataDir, credentials: directory, authorizer });
  server = await startTestServer({ kms: kmsService.handle });
});
afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const context = { vault: STACK, owner: alice, file: 'file-1' };

describe('KMS through @aws-sdk/client-kms', () => {
  it('generates a data key and decrypts it with the same context', async () => {
    const kms = admin();
    const generated = await kms.generateDataKey({ KeyId: KEY_ARN, KeySpec: 'AES_256', EncryptionContext: context });
    expect(generated.KeyId).toBe(KEY_ARN);
    expect(generated.Plaintext).toHaveLength(32);
    const decrypted = await kms.decrypt({ CiphertextBlob: generated.CiphertextBlob, EncryptionContext: context });
    expect(decrypted.KeyId).toBe(KEY_ARN);
    expect(Buffer.from(decrypted.Plaintext!)).toEqual(Buffer.from(generated.Plaintext!));
    const bytes = await kms.generateDataKey({ KeyId: KEY_ID, NumberOfBytes: 64, EncryptionContext: context });
    expect(bytes.Plaintext).toHaveLength(64);
    const without = await kms.generateDataKeyWithoutPlaintext({
      KeyId: KEY_ID,
      KeySpec: 'AES_128',
      EncryptionContext: context,
    });
    expect('Plaintext' in without).toBe(false);
    expect(
      (await kms.decrypt({ CiphertextBlob: without.CiphertextBlob, EncryptionContext: context })).Plaintext,
    ).toHaveLength(16);
  });

  it('passes the encryption context, caller account and transport to the authorizer', async () => {
    requests.length = 0;
    await admin().generateDataKey({ KeyId: KEY_ARN, KeySpec: 'AES_256', EncryptionContext: context });
    expect(requests).toEqual([
      expect.objectContaining({
        action: 'kms:GenerateDataKey',
        resource: KEY_ARN,
        context: {
          'kms:EncryptionContext:vault': STACK,
          'kms:EncryptionContext:owner': alice,
          'kms:EncryptionContext:file': 'file-1',
          'kms:EncryptionContextKeys': ['file', 'owner', 'vault'],
          'kms:CallerAccount': ACCOUNT_ID,
          'aws:SecureTransport': true,
        },
      }),
    ]);
  });

  it('encrypts, decrypts and re-encrypts small secrets', async () => {
    const kms = admin();
    const secret = randomBytes(100);
    const encrypted = await kms.encrypt({
      KeyId: KEY_ARN,
      Plaintext: secret,
      EncryptionContext: { purpose: 'name-key' },
    });
    const created = await kms.createKey({ Description: 'second key' });
    const destination = created.KeyMetadata!.Arn!;
    const reEncrypted = await kms.reEncrypt({
      CiphertextBlob: encrypted.CiphertextBlob,
      SourceEncryptionContext: { purpose: 'name-key' },
      DestinationKeyId: destination,
      DestinationEncryptionContext: { purpose: 'moved' },
    });
    expect(reEncrypted.SourceKeyId).toBe(KEY_ARN);
    expect(reEncrypted.KeyId).toBe(destination);
    const decrypted = await kms.decrypt({
      CiphertextBlob: reEncrypted.CiphertextBlob,
      EncryptionContext: { purpose: 'moved' },
      KeyId: destination,
    });
    expect(Buffer.from(decrypted.Plaintext!)).toEqual(secret);
    await expect(
      kms.decrypt({
        CiphertextBlob: reEncrypted.CiphertextBlob,
        EncryptionContext: { purpose: 'moved' },
        KeyId: KEY_ARN,
      }),
    ).rejects.toMatchObject({
      name: 'IncorrectKeyException',
    });
  });

  it('describes the key and its rotation for the status panel', async () => {
    const kms = admin();
    const described = await kms.describeKey({ KeyId: KEY_ARN });
    expect(described.KeyMetadata).toMatchObject({
      KeyId: KEY_ID,
      Arn: KEY_ARN,
      KeyState: 'Enabled',
      Enabled: true,
      AWSAccountId: ACCOUNT_ID,
      KeySpec: 'SYMMETRIC_DEFAULT',
    });
    expect(described.KeyMetadata!.CreationDate).toBeInstanceOf(Date);
    expect(Math.abs(described.KeyMetadata!.CreationDate!.getTime() - Date.now())).toBeLessThan(60_000);
    expect(await kms.getKeyRotationStatus({ KeyId: KEY_ID })).toMatchObject({
      KeyRotationEnabled: true,
      KeyId: KEY_ARN,
    });
    const listed = await kms.listKeys({});
    expect(listed.Keys).toContainEqual({ KeyId: KEY_ID, KeyArn: KEY_ARN });
    const policy = await kms.getKeyPolicy({ KeyId: KEY_ID, PolicyName: 'default' });
    expect(JSON.parse(policy.Policy!)).toEqual(model.key.policy);
  });

  it('answers InvalidCiphertextException for a changed byte or a wrong context', async () => {
    const kms = admin();
    const { CiphertextBlob } = await kms.generateDataKey({
      KeyId: KEY_ARN,
      KeySpec: 'AES_256',
      EncryptionContext: context,
    });
    for (const index of [0, 1, 5, 40, CiphertextBlob!.length - 1]) {
      const changed = Buffer.from(CiphertextBlob!);
      changed[index]! ^= 0x80;
      await expect(
        kms.decrypt({ CiphertextBlob: changed, EncryptionContext: context }),
        `byte ${index}`,
      ).rejects.toMatchObject({
        name: 'InvalidCiphertextException',
        $metadata: { httpStatusCode: 400 },
      });
    }
    await expect(
      kms.decrypt({ CiphertextBlob, EncryptionContext: { ...context, file: 'file-2' } }),
    ).rejects.toMatchObject({
      name: 'InvalidCiphertextException',
    });
    await expect(kms.decrypt({ CiphertextBlob })).rejects.toMatchObject({ name: 'InvalidCiphertextException' });
  });

  it('lets a member generate data keys only for their own owner id', async () => {
    const kms = client(directory.issue(member(alice), 3600));
    const own = await kms.generateDataKey({ KeyId: KEY_ARN, KeySpec: 'AES_256', EncryptionContext: context });
    expect(own.Plaintext).toHaveLength(32);
    const error = await kms
      .generateDataKey({ KeyId: KEY_ARN, KeySpec: 'AES_256', EncryptionContext: { ...context, owner: bob } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
    expect((error as Error).message).toBe(
      `User: ${member(alice).arn} is not authorized to perform: kms:GenerateDataKey on resource: ${KEY_ARN} because no identity-based policy allows the kms:GenerateDataKey action`,
    );
    // Decrypting a data key of the vault is what a share link needs: allowed for any member.
    const bobs = client(directory.issue(member(bob), 3600));
    const decrypted = await bobs.decrypt({ CiphertextBlob: own.CiphertextBlob, EncryptionContext: context });
    expect(Buffer.from(decrypted.Plaintext!)).toEqual(Buffer.from(own.Plaintext!));
    await expect(bobs.disableKey({ KeyId: KEY_ARN })).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });

  it('answers ExpiredTokenException for expired session credentials', async () => {
    issueClock = -2 * 3600_000;
    const expired = directory.issue(member(alice), 3600);
    issueClock = 0;
    await expect(client(expired).describeKey({ KeyId: KEY_ARN })).rejects.toMatchObject({
      name: 'ExpiredTokenException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('answers UnrecognizedClientException for unknown keys', async () => {
    await expect(
      client({
        accessKeyId: 'ASIAUNKNOWNUNKNOWN00',
        secretAccessKey: 'x'.repeat(40),
        sessionToken: 'nope',
      }).describeKey({ KeyId: KEY_ARN }),
    ).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
  });

  it('answers DisabledException while the key is disabled, and works again once enabled', async () => {
    const kms = admin();
    await kms.disableKey({ KeyId: KEY_ARN });
    expect((await kms.describeKey({ KeyId: KEY_ARN })).KeyMetadata).toMatchObject({
      KeyState: 'Disabled',
      Enabled: false,
    });
    const error = await kms
      .generateDataKey({ KeyId: KEY_ARN, KeySpec: 'AES_256', EncryptionContext: context })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'DisabledException',
      message: `${KEY_ARN} is disabled.`,
      $metadata: { httpStatusCode: 409 },
    });
    await kms.enableKey({ KeyId: KEY_ARN });
    await expect(
      kms.generateDataKey({ KeyId: KEY_ARN, KeySpec: 'AES_256', EncryptionContext: context }),
    ).resolves.toBeDefined();
  });

  it('turns rotation off and on, and guards the key policy against lockout', async () => {
    const kms = admin();
    await kms.disableKeyRotation({ KeyId: KEY_ARN });
    expect((await kms.getKeyRotationStatus({ KeyId: KEY_ARN })).KeyRotationEnabled).toBe(false);
    await kms.enableKeyRotation({ KeyId: KEY_ARN });
    expect((await kms.getKeyRotationStatus({ KeyId: KEY_ARN })).KeyRotationEnabled).toBe(true);
    await expect(kms.putKeyPolicy({ KeyId: KEY_ARN, Policy: 'not json' })).rejects.toMatchObject({
      name: 'MalformedPolicyDocumentException',
    });
    await expect(kms.getKeyPolicy({ KeyId: KEY_ARN, PolicyName: 'other' })).rejects.toMatchObject({
      name: 'NotFoundException',
    });
  });

  it('reports unknown keys as NotFoundException and schedules deletion', async () => {
    const kms = admin();
    await expect(kms.describeKey({ KeyId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({
      name: 'NotFoundException',
    });
    const { KeyMetadata } = await kms.createKey({});
    await kms.createAlias({ AliasName: 'alias/doomed', TargetKeyId: KeyMetadata!.KeyId });
    expect((await kms.listAliases({ KeyId: KeyMetadata!.KeyId })).Aliases).toEqual([
      expect.objectContaining({ AliasName: 'alias/doomed', TargetKeyId: KeyMetadata!.KeyId }),
    ]);
    const scheduled = await kms.scheduleKeyDeletion({ KeyId: 'alias/doomed', PendingWindowInDays: 7 });
    expect(scheduled.KeyState).toBe('PendingDeletion');
    await expect(kms.encrypt({ KeyId: KeyMetadata!.Arn, Plaintext: Buffer.from('x') })).rejects.toMatchObject({
      name: 'KMSInvalidStateException',
    });
    await kms.cancelKeyDeletion({ KeyId: KeyMetadata!.Arn });
    expect((await kms.describeKey({ KeyId: KeyMetadata!.Arn })).KeyMetadata!.KeyState).toBe('Disabled');
  });

  it("exposes a key's current policy (what S3's SSE-KMS check reads) as PutKeyPolicy leaves it", async () => {
    const kms = admin();
    const { KeyMetadata } = await kms.createKey({});
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'Changed',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
      ],
    };
    await kms.putKeyPolicy({ KeyId: KeyMetadata!.KeyId, PolicyName: 'default', Policy: JSON.stringify(policy) });
    expect(kmsService.keyPolicy(KeyMetadata!.KeyId!)).toEqual(policy);
    expect(kmsService.keyPolicy('00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });

  it('applies keyLatencyMs to cryptographic operations', async () => {
    kmsService.keyLatencyMs = 150;
    const started = performance.now();
    await admin().generateDataKey({ KeyId: KEY_ARN, KeySpec: 'AES_256', EncryptionContext: context });
    kmsService.keyLatencyMs = 0;
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });
});

describe('AWS Encryption SDK against the local KMS', () => {
  it('encrypts and decrypts with the committing suite and the vault context', async () => {
    const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
    const record = directory.issue(member(alice), 3600);
    const keyring = new KmsKeyringNode({ generatorKeyId: KEY_ARN, clientProvider: () => client(record) });
    const plaintext = randomBytes(200_000);
    const { result } = await encrypt(keyring, plaintext, {
      encryptionContext: context,
      suiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY,
      frameLength: 65_536,
    });
    expect([...result.subarray(0, 3)]).toEqual([0x02, 0x04, 0x78]);
    const opened = await decrypt(keyring, result);
    expect(opened.plaintext.equals(plaintext)).toBe(true);
    expect(opened.messageHeader.encryptionContext).toEqual(context);

    // Another member reads it too (share links); a member cannot write for someone else.
    const bobsKeyring = new KmsKeyringNode({
      generatorKeyId: KEY_ARN,
      clientProvider: () => client(directory.issue(member(bob), 3600)),
    });
    expect((await decrypt(bobsKeyring, result)).plaintext.equals(plaintext)).toBe(true);
    await expect(encrypt(bobsKeyring, plaintext, { encryptionContext: context })).rejects.toThrow(/not authorized/);
  });
});
