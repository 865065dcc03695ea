/**
 * The whole credential chain the app uses, judged by the official clients:
 * SRP sign-in to the local user pool (amazon-cognito-identity-js), the
 * identity pool's enhanced and classic flows (@aws-sdk/client-cognito-identity,
 * @aws-sdk/client-sts), then the Encryption SDK against the local KMS, all
 * under infra/vault.yaml's own policies.
 */
import { AlgorithmSuiteIdentifier, buildClient, CommitmentPolicy, KmsKeyringNode } from '@aws-crypto/client-node';
import {
  CognitoIdentityClient,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  GetOpenIdTokenCommand,
} from '@aws-sdk/client-cognito-identity';
import { KMS } from '@aws-sdk/client-kms';
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type ICognitoStorage } from 'amazon-cognito-identity-js';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCognitoIdentityService } from '../../../src/local/cognito-identity';
import { createCognitoIdpService } from '../../../src/local/cognito-idp';
import { createCredentialDirectory } from '../../../src/local/credentials';
import { createAuthorizer } from '../../../src/local/iam';
import { createKmsService } from '../../../src/local/kms';
import { createStsService } from '../../../src/local/sts';
import {
  ADMIN_ROLE_ARN,
  KEY_ARN,
  REGION,
  STACK,
  USER_ROLE_ARN,
  vaultModel,
} from '../../support/local-identity/vault-model';
import { startTestServer, type TestServer } from '../../support/local-identity/test-server';

const PASSWORD = 'Correct-Horse-Battery-42!';
const model = vaultModel();
const pool = model.identityPool;
const providerName = pool.providers[0]!.providerName;
let dataDir: string;
let server: TestServer;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 's3vault-identity-e2e-'));
  const credentials = createCredentialDirectory({
    dataDir,
    accountId: model.accountId,
    adminKeys: { accessKeyId: 'AKIAE2EADMIN00000001', secretAccessKey: 'e'.repeat(40) },
  });
  let url = '';
  const userPool = createCognitoIdpService({
    model,
    dataDir,
    issuer: () => `${url}/${model.userPool.id}`,
    log: () => {},
  });
  userPool.adminCreateUser('alice', PASSWORD, ['vault-users']);
  userPool.adminCreateUser('bob', PASSWORD, ['vault-users']);
  userPool.adminCreateUser('root', PASSWORD, ['vault-users', 'vault-admins']);
  userPool.adminCreateUser('carol', PASSWORD, []);
  const identity = createCognitoIdentityService({ model, dataDir, credentials, idTokens: userPool.idTokens });
  server = await startTestServer({
    'cognito-idp': userPool.handle,
    jwks: userPool.handleJwks,
    'cognito-identity': identity.handle,
    sts: createStsService({ model, credentials, openIdTokens: identity.openIdTokens }).handle,
    kms: createKmsService({ model, dataDir, credentials, authorizer: createAuthorizer(model) }).handle,
  });
  url = server.endpoint;
});
afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Keeps the library's session in memory: the tests have no localStorage. */
function memoryStorage(): ICognitoStorage {
  const items = new Map<string, string>();
  return {
    setItem: (key, value) => void items.set(key, value),
    getItem: (key) => items.get(key) ?? null,
    removeItem: (key) => void items.delete(key),
    clear: () => items.clear(),
  };
}

function idTokenOf(username: string): Promise<string> {
  const storage = memoryStorage();
  const userPool = new CognitoUserPool({
    UserPoolId: model.userPool.id,
    ClientId: model.userPool.clientId,
    endpoint: `${server.endpoint}/`,
    Storage: storage,
  });
  const user = new CognitoUser({ Username: username, Pool: userPool, Storage: storage });
  return new Promise((resolve, reject) =>
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: PASSWORD }), {
      onSuccess: (session) => resolve(session.getIdToken().getJwtToken()),
      onFailure: reject,
    }),
  );
}

const cognito = () => new CognitoIdentityClient({ endpoint: server.endpoint, region: REGION, maxAttempts: 1 });
type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken: string };

/** The app's enhanced flow: ID token → identity id → one-hour role credentials. */
async function enhancedFlow(
  username: string,
): Promise<{ identityId: string; credentials: Credentials; idToken: string }> {
  const idToken = await idTokenOf(username);
  const Logins = { [providerName]: idToken };
  const { IdentityId } = await cognito().send(new GetIdCommand({ IdentityPoolId: pool.id, Logins }));
  const { Credentials } = await cognito().send(new GetCredentialsForIdentityCommand({ IdentityId, Logins }));
  return {
    identityId: IdentityId!,
    idToken,
    credentials: {
      accessKeyId: Credentials!.AccessKeyId!,
      secretAccessKey: Credentials!.SecretKey!,
      sessionToken: Credentials!.SessionToken!,
    },
  };
}

const kmsClient = (credentials: Credentials) => () =>
  new KMS({ endpoint: server.endpoint, region: REGION, credentials, maxAttempts: 1 });
const callerArn = async (credentials: Credentials) =>
  (
    await new STSClient({ endpoint: server.endpoint, region: REGION, credentials, maxAttempts: 1 }).send(
      new GetCallerIdentityCommand({}),
    )
  ).Arn!;

describe('sign-in → identity pool → KMS, with the template policies', () => {
  it('gives each group its role and denies users outside the vault groups', async () => {
    const alice = await enhancedFlow('alice');
    expect(await callerArn(alice.credentials)).toBe(
      `arn:aws:sts::${model.accountId}:assumed-role/${USER_ROLE_ARN.split('/').pop()}/CognitoIdentityCredentials`,
    );
    const root = await enhancedFlow('root');
    expect(await callerArn(root.credentials)).toContain(`assumed-role/${ADMIN_ROLE_ARN.split('/').pop()}/`);
    await expect(enhancedFlow('carol')).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: expect.stringContaining('ambiguous role mapping'),
    });
  });

  it('encrypts a file for its owner; another member can read it (share link) but not write as the owner', async () => {
    const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
    const alice = await enhancedFlow('alice');
    const bob = await enhancedFlow('bob');
    const context = { vault: STACK, owner: alice.identityId, file: 'f-0001' };
    const plaintext = randomBytes(300_000);
    const aliceKeyring = new KmsKeyringNode({ generatorKeyId: KEY_ARN, clientProvider: kmsClient(alice.credentials) });
    const { result } = await encrypt(aliceKeyring, plaintext, {
      encryptionContext: context,
      suiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY,
      frameLength: 65_536,
    });
    const bobKeyring = new KmsKeyringNode({ generatorKeyId: KEY_ARN, clientProvider: kmsClient(bob.credentials) });
    const opened = await decrypt(bobKeyring, result);
    expect(opened.plaintext.equals(plaintext)).toBe(true);
    expect(opened.messageHeader.encryptionContext).toEqual(context);
    await expect(encrypt(bobKeyring, plaintext, { encryptionContext: context })).rejects.toThrow(/kms:GenerateDataKey/);
    await expect(
      encrypt(aliceKeyring, plaintext, { encryptionContext: { ...context, vault: 'another-vault' } }),
    ).rejects.toThrow(/explicit deny/);
  });

  it('classic flow: a 12-hour session of the chosen role', async () => {
    const alice = await enhancedFlow('alice');
    const { Token } = await cognito().send(
      new GetOpenIdTokenCommand({ IdentityId: alice.identityId, Logins: { [providerName]: alice.idToken } }),
    );
    const sts = new STSClient({ endpoint: server.endpoint, region: REGION, maxAttempts: 1 });
    const assumed = await sts.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: USER_ROLE_ARN,
        RoleSessionName: 'alice-laptop',
        WebIdentityToken: Token,
        DurationSeconds: 43_200,
      }),
    );
    const credentials = {
      accessKeyId: assumed.Credentials!.AccessKeyId!,
      secretAccessKey: assumed.Credentials!.SecretAccessKey!,
      sessionToken: assumed.Credentials!.SessionToken!,
    };
    expect(await callerArn(credentials)).toBe(assumed.AssumedRoleUser!.Arn);
    const kms = kmsClient(credentials)();
    const key = await kms.generateDataKey({
      KeyId: KEY_ARN,
      KeySpec: 'AES_256',
      EncryptionContext: { vault: STACK, owner: alice.identityId, file: 'x' },
    });
    expect(key.Plaintext).toHaveLength(32);
  });
});
