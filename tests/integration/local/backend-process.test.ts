/**
 * The local backend as a person runs it (`s3vault local`), judged by the
 * official clients: amazon-cognito-identity-js, the AWS SDK v3 and the AWS CLI.
 */
import { execFileSync } from 'node:child_process';
import { createPublicKey, createVerify } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CognitoIdentityClient,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
} from '@aws-sdk/client-cognito-identity';
import { KMS } from '@aws-sdk/client-kms';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { AwsCredentialIdentity } from '@smithy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackendProcess, tempDir, type BackendProcess } from '../../support/local-backend-process';
import { srpSignIn } from '../../support/srp-sign-in';

const ALICE = { username: 'alice', password: 'Alice-Passw0rd!' };
const BOB = { username: 'bob', password: 'Bob-Passw0rd!!' };
// Debian's AWS CLI v2 (a pyenv shim earlier on PATH may be the old v1, which presigns with SigV2).
const AWS_CLI = ['/usr/bin/aws', '/usr/local/bin/aws'].find((candidate) => existsSync(candidate));
const hasAwsCli = AWS_CLI !== undefined;

interface Session {
  identityId: string;
  credentials: AwsCredentialIdentity;
  idToken: string;
}

let backend: BackendProcess;
const dataDir = tempDir('backend');

async function signIn(user: { username: string; password: string }): Promise<Session> {
  const session = await srpSignIn(backend.profile, user.username, user.password);
  const idToken = session.getIdToken().getJwtToken();
  const identity = new CognitoIdentityClient({ region: backend.profile.region, endpoint: backend.url });
  const logins = { [`cognito-idp.${backend.profile.region}.amazonaws.com/${backend.profile.userPoolId}`]: idToken };
  const { IdentityId } = await identity.send(
    new GetIdCommand({ IdentityPoolId: backend.profile.identityPoolId, Logins: logins }),
  );
  const { Credentials } = await identity.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins }));
  return {
    identityId: IdentityId!,
    idToken,
    credentials: {
      accessKeyId: Credentials!.AccessKeyId!,
      secretAccessKey: Credentials!.SecretKey!,
      sessionToken: Credentials!.SessionToken!,
      expiration: Credentials!.Expiration,
    },
  };
}

const s3For = (credentials: AwsCredentialIdentity) =>
  new S3Client({ region: backend.profile.region, endpoint: backend.url, forcePathStyle: true, credentials });
const kmsFor = (credentials: AwsCredentialIdentity) =>
  new KMS({ region: backend.profile.region, endpoint: backend.url, credentials });

/** Runs the AWS CLI against the backend with no user configuration leaking in. */
function aws(args: string[], credentials: AwsCredentialIdentity): string {
  const home = mkdtempSync(path.join(tmpdir(), 's3vault-awscli-'));
  return execFileSync(AWS_CLI!, ['--endpoint-url', backend.url, '--region', backend.profile.region, ...args], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: home,
      AWS_CONFIG_FILE: path.join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      ...(credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
    },
  });
}

const admin = () => backend.profile.localAdmin;

beforeAll(async () => {
  backend = await startBackendProcess(dataDir, [
    `${ALICE.username}:${ALICE.password}`,
    `${BOB.username}:${BOB.password}`,
  ]);
});

afterAll(async () => {
  await backend?.stop();
});

describe('s3vault local', () => {
  it('listens on loopback and writes a complete profile', () => {
    expect(backend.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(backend.profile).toMatchObject({
      endpoint: backend.url,
      region: 'us-east-1',
      userPoolId: expect.stringMatching(/^us-east-1_[0-9A-Za-z]+$/),
      identityPoolId: expect.stringMatching(/^us-east-1:[0-9a-f-]{36}$/),
      keyArn: expect.stringMatching(/^arn:aws:kms:us-east-1:\d{12}:key\//),
      localAdmin: { accessKeyId: expect.stringMatching(/^AKIA/) },
    });
  });

  it('signs in with SRP; the ID token verifies against the pool JWKS; a wrong password is refused', async () => {
    const session = await srpSignIn(backend.profile, ALICE.username, ALICE.password);
    const [header, payload, signature] = session.getIdToken().getJwtToken().split('.') as [string, string, string];
    const { kid } = JSON.parse(Buffer.from(header, 'base64url').toString()) as { kid: string };
    const jwks = (await (await fetch(`${backend.url}/${backend.profile.userPoolId}/.well-known/jwks.json`)).json()) as {
      keys: Array<{ kid: string }>;
    };
    const jwk = jwks.keys.find((key) => key.kid === kid);
    expect(jwk).toBeDefined();
    const verified = createVerify('RSA-SHA256')
      .update(`${header}.${payload}`)
      .verify(createPublicKey({ key: jwk as never, format: 'jwk' }), Buffer.from(signature, 'base64url'));
    expect(verified).toBe(true);
    expect(session.getIdToken().payload['cognito:groups']).toEqual(['vault-users']);

    await expect(srpSignIn(backend.profile, ALICE.username, 'Wrong-Passw0rd!')).rejects.toMatchObject({
      code: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  it("gives each person credentials for their own prefix and key context, and nobody else's", async () => {
    const alice = await signIn(ALICE);
    const bob = await signIn(BOB);
    expect(alice.identityId).not.toBe(bob.identityId);
    const bucket = backend.profile.bucket;
    const aliceKey = `private/${alice.identityId}/v1/hello`;
    const bobS3 = s3For(bob.credentials);

    await s3For(alice.credentials).send(new PutObjectCommand({ Bucket: bucket, Key: aliceKey, Body: 'ciphertext' }));
    const own = await s3For(alice.credentials).send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: `private/${alice.identityId}/` }),
    );
    expect(own.Contents?.map((object) => object.Key)).toEqual([aliceKey]);

    // Bob cannot list, read, overwrite or delete under alice's prefix.
    await expect(
      bobS3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `private/${alice.identityId}/` })),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(bobS3.send(new ListObjectsV2Command({ Bucket: bucket }))).rejects.toMatchObject({
      name: 'AccessDenied',
    });
    await expect(bobS3.send(new GetObjectCommand({ Bucket: bucket, Key: aliceKey }))).rejects.toMatchObject({
      name: 'AccessDenied',
    });
    await expect(bobS3.send(new PutObjectCommand({ Bucket: bucket, Key: aliceKey, Body: 'x' }))).rejects.toMatchObject({
      name: 'AccessDenied',
    });
    await expect(
      bobS3.send(new PutObjectCommand({ Bucket: bucket, Key: `private/${bob.identityId}/v1/ok`, Body: 'x' })),
    ).resolves.toBeDefined();

    // Data keys only for one's own owner context, in this vault.
    const context = (owner: string) => ({ vault: backend.profile.vaultId, owner, file: 'f1' });
    const aliceKms = kmsFor(alice.credentials);
    const dataKey = await aliceKms.generateDataKey({
      KeyId: backend.profile.keyArn,
      KeySpec: 'AES_256',
      EncryptionContext: context(alice.identityId),
    });
    expect(dataKey.Plaintext).toHaveLength(32);
    await expect(
      aliceKms.generateDataKey({
        KeyId: backend.profile.keyArn,
        KeySpec: 'AES_256',
        EncryptionContext: context(bob.identityId),
      }),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
    // Any member may decrypt a data key of this vault (that is what makes share links work).
    const decrypted = await kmsFor(bob.credentials).decrypt({
      CiphertextBlob: dataKey.CiphertextBlob,
      EncryptionContext: context(alice.identityId),
    });
    expect(Buffer.from(decrypted.Plaintext!)).toEqual(Buffer.from(dataKey.Plaintext!));
  });

  it.skipIf(!hasAwsCli)(
    'gives no credentials to a user outside vault-users (user created with the AWS CLI)',
    async () => {
      const pool = ['--user-pool-id', backend.profile.userPoolId];
      aws(
        ['cognito-idp', 'admin-create-user', ...pool, '--username', 'mallory', '--message-action', 'SUPPRESS'],
        admin(),
      );
      aws(
        [
          'cognito-idp',
          'admin-set-user-password',
          ...pool,
          '--username',
          'mallory',
          '--password',
          'Mallory-Passw0rd!',
          '--permanent',
        ],
        admin(),
      );
      await expect(signIn({ username: 'mallory', password: 'Mallory-Passw0rd!' })).rejects.toMatchObject({
        name: expect.stringMatching(/NotAuthorizedException|InvalidIdentityPoolConfigurationException/),
      });
    },
  );

  it('serves pre-signed GETs that work, expire, and fail when altered', async () => {
    const alice = await signIn(ALICE);
    const key = `private/${alice.identityId}/v1/shared`;
    const s3 = s3For(alice.credentials);
    await s3.send(new PutObjectCommand({ Bucket: backend.profile.bucket, Key: key, Body: 'shared bytes' }));
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: backend.profile.bucket, Key: key }), {
      expiresIn: 2,
    });
    const first = await fetch(url);
    expect(first.status).toBe(200);
    expect(await first.text()).toBe('shared bytes');

    const signature = /X-Amz-Signature=([0-9a-f]+)/.exec(url)![1]!;
    const altered = url.replace(signature, (signature[0] === 'a' ? 'b' : 'a') + signature.slice(1));
    const forged = await fetch(altered);
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('<Code>SignatureDoesNotMatch</Code>');

    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const late = await fetch(url);
    expect(late.status).toBe(403);
    expect(await late.text()).toContain('<Code>AccessDenied</Code>');
  });

  it.skipIf(!hasAwsCli)('works with the AWS CLI: cp, ls and presign', async () => {
    const alice = await signIn(ALICE);
    const file = path.join(tempDir('cli'), 'note.txt');
    writeFileSync(file, 'from the aws cli');
    const target = `s3://${backend.profile.bucket}/private/${alice.identityId}/v1/note.txt`;
    aws(['s3', 'cp', file, target], alice.credentials);
    expect(
      aws(['s3', 'ls', `s3://${backend.profile.bucket}/private/${alice.identityId}/v1/`], alice.credentials),
    ).toContain('note.txt');
    const url = aws(['s3', 'presign', target, '--expires-in', '60'], alice.credentials).trim();
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('from the aws cli');
  });

  it('keeps users, keys and objects across a restart, and is ready in under a second', async () => {
    const alice = await signIn(ALICE);
    const key = `private/${alice.identityId}/v1/persisted`;
    await s3For(alice.credentials).send(
      new PutObjectCommand({ Bucket: backend.profile.bucket, Key: key, Body: 'still here' }),
    );
    const dataKey = await kmsFor(alice.credentials).generateDataKey({
      KeyId: backend.profile.keyArn,
      KeySpec: 'AES_256',
      EncryptionContext: { vault: backend.profile.vaultId, owner: alice.identityId, file: 'p' },
    });
    const before = backend.profile;
    expect(await backend.stop()).toBe(0);

    // Other test files share the two cores: the best of three restarts is the machine's start time.
    const startTimes: number[] = [];
    for (let restart = 0; restart < 3; restart++) {
      if (restart > 0) expect(await backend.stop()).toBe(0);
      backend = await startBackendProcess(dataDir);
      startTimes.push(backend.startMs);
    }
    expect(Math.min(...startTimes)).toBeLessThan(1_000);
    expect({ ...backend.profile, endpoint: '' }).toEqual({ ...before, endpoint: '' });
    const again = await signIn(ALICE);
    expect(again.identityId).toBe(alice.identityId);
    const object = await s3For(again.credentials).send(
      new GetObjectCommand({ Bucket: backend.profile.bucket, Key: key }),
    );
    expect(await object.Body!.transformToString()).toBe('still here');
    const plain = await kmsFor(again.credentials).decrypt({
      CiphertextBlob: dataKey.CiphertextBlob,
      EncryptionContext: { vault: backend.profile.vaultId, owner: alice.identityId, file: 'p' },
    });
    expect(Buffer.from(plain.Plaintext!)).toEqual(Buffer.from(dataKey.Plaintext!));
    console.log(
      `local backend restarts: ready in ${startTimes.map((ms) => ms.toFixed(0)).join(', ')} ms (process spawn to ready line)`,
    );
  });
});
