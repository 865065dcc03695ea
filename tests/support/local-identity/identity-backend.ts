import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCognitoIdentityService, type CognitoIdentityService } from '../../../src/local/cognito-identity';
import type { VaultModel } from '../../../src/local/core/model';
import type { CredentialDirectory } from '../../../src/local/core/principal';
import { createCredentialDirectory } from '../../../src/local/credentials';
import { createAuthorizer } from '../../../src/local/iam';
import { createKmsService, type KmsService } from '../../../src/local/kms';
import { createStsService } from '../../../src/local/sts';
import { fixtureIdTokens } from './fixture-id-tokens';
import { startTestServer, type TestServer } from './test-server';
import { vaultModel } from './vault-model';

export const ADMIN_KEYS = {
  accessKeyId: 'AKIATESTADMIN0000001',
  secretAccessKey: 'test-admin-secret-test-admin-secret-0001',
};

export interface IdentityBackend {
  endpoint: string;
  model: VaultModel;
  dataDir: string;
  credentials: CredentialDirectory;
  identity: CognitoIdentityService;
  kms: KmsService;
  /** Mints ID tokens the identity pool accepts (a stand-in for the user pool). */
  tokens: ReturnType<typeof fixtureIdTokens>;
  server: TestServer;
}

export interface IdentityBackendOptions {
  model?: VaultModel;
  dataDir?: string;
  /** The identity pool's clock (epoch ms); the other services use the real one. */
  identityNow?: () => number;
  /** The credential directory's clock, to issue sessions that are already expired. */
  credentialsNow?: () => number;
}

const started: Array<{ server: TestServer; dataDir: string }> = [];

/**
 * KMS, Cognito Identity and STS of one local vault on a loopback port, with
 * the template's policies; ID tokens come from a fixture verifier.
 */
export async function startIdentityBackend(options: IdentityBackendOptions = {}): Promise<IdentityBackend> {
  const model = options.model ?? vaultModel();
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 's3vault-identity-'));
  const credentials = createCredentialDirectory({
    dataDir,
    accountId: model.accountId,
    adminKeys: ADMIN_KEYS,
    now: options.credentialsNow,
  });
  const tokens = fixtureIdTokens();
  const identity = createCognitoIdentityService({
    model,
    dataDir,
    credentials,
    idTokens: tokens.verifier,
    now: options.identityNow,
  });
  const kms = createKmsService({ model, dataDir, credentials, authorizer: createAuthorizer(model) });
  const sts = createStsService({ model, credentials, openIdTokens: identity.openIdTokens });
  const server = await startTestServer({ 'cognito-identity': identity.handle, sts: sts.handle, kms: kms.handle });
  started.push({ server, dataDir });
  return { endpoint: server.endpoint, model, dataDir, credentials, identity, kms, tokens, server };
}

/** Closes every backend started so far and removes their data folders (call in afterAll). */
export async function stopIdentityBackends(): Promise<void> {
  const all = started.splice(0);
  await Promise.all(all.map(({ server }) => server.close()));
  for (const { dataDir } of all) rmSync(dataDir, { recursive: true, force: true });
}
