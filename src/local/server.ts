/**
 * The local AWS-compatible backend: every service on one loopback port,
 * seeded from infra/vault.yaml, persisted in one data folder.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createCognitoIdentityService } from './cognito-identity';
import { createCognitoIdpService } from './cognito-idp';
import { AwsJsonError, sendJsonError, type RequestContext, type ServiceHandler } from './core/http';
import { randomId } from './core/random-ids';
import { createCredentialDirectory } from './credentials';
import { authenticateRequest } from './credentials/request-authentication';
import { createAuthorizer, validateModelPolicies } from './iam';
import { createKmsService, type KmsService } from './kms';
import { loadAdminKeys, loadLocalIds } from './local-ids';
import { profileFromModel, type LocalProfile } from './profile';
import { routeRequest, type ServiceName } from './route';
import { createS3Service } from './s3';
import { signatureFailureToJson, SigV4Error, verifyRequest } from './sigv4';
import { createStsService } from './sts';
import { loadVaultModel } from './template';

/** infra/vault.yaml of this checkout: the template the local backend is seeded from by default. */
export const DEFAULT_TEMPLATE_PATH = fileURLToPath(new URL('../../infra/vault.yaml', import.meta.url));

/** Where the backend keeps its data, which port and template it uses, and whom it seeds. */
export interface LocalBackendOptions {
  dataDir: string;
  /** 0 picks a free port. */
  port?: number;
  templatePath?: string;
  /** Confirmed users with permanent passwords, added to vault-users (idempotent across restarts). */
  users?: Array<{ username: string; password: string; groups?: string[] }>;
  log?: (line: string) => void;
  /** How often buffered access-log lines are delivered to the log bucket (default 5000 ms; tests use less). */
  accessLogFlushMs?: number;
}

/** A running local backend. */
export interface LocalBackend {
  url: string;
  port: number;
  profile: LocalProfile;
  /** The running KMS, for its run-time knobs (keyLatencyMs, shown by the status panel). */
  kms: KmsService;
  close(): Promise<void>;
}

/** Loads the template, refuses policies it cannot evaluate, and serves every service on one loopback port. */
export async function startLocalBackend(options: LocalBackendOptions): Promise<LocalBackend> {
  const log = options.log ?? (() => {});
  const { dataDir } = options;
  const ids = loadLocalIds(dataDir);
  const adminKeys = loadAdminKeys(dataDir);
  const model = loadVaultModel(options.templatePath ?? DEFAULT_TEMPLATE_PATH, ids);
  // Refuse at start, loudly, anything in the template's policies we cannot evaluate.
  validateModelPolicies(model);

  let url = '';
  const credentials = createCredentialDirectory({ dataDir, accountId: model.accountId, adminKeys });
  const authorizer = createAuthorizer(model);
  const userPool = createCognitoIdpService({
    model,
    dataDir,
    log,
    issuer: () => `${url}/${model.userPool.id}`,
    authorizeAdmin: (req, body) => {
      let record;
      try {
        record = authenticateRequest(req, body, 'cognito-idp', new Date(), credentials, verifyRequest);
      } catch (error) {
        // A bad signature is the caller's error (400 in Cognito's words), not the backend's 500.
        if (error instanceof SigV4Error) throw signatureFailureToJson(error);
        throw error;
      }
      if (record.principal.kind !== 'account-admin') {
        throw new AwsJsonError(
          'AccessDeniedException',
          `${record.principal.arn} is not authorized to perform admin calls on this user pool.`,
        );
      }
    },
  });
  const identityPool = createCognitoIdentityService({ model, dataDir, credentials, idTokens: userPool.idTokens });
  const kms = createKmsService({ model, dataDir, credentials, authorizer });
  const s3 = createS3Service({
    model,
    dataDir,
    credentials,
    authorizer,
    log,
    accessLogFlushMs: options.accessLogFlushMs,
    // S3's SSE-KMS check sees the vault key's policy as KMS holds it (PutKeyPolicy included);
    // the template's once the key is deleted, as before KMS was wired in.
    keyPolicy: () => kms.keyPolicy(model.key.keyId) ?? model.key.policy,
  });
  const services: Record<ServiceName, ServiceHandler> = {
    'cognito-idp': userPool.handle,
    jwks: userPool.handleJwks,
    'cognito-identity': identityPool.handle,
    sts: createStsService({ model, credentials, openIdTokens: identityPool.openIdTokens }).handle,
    kms: kms.handle,
    s3: s3.handle,
  };

  for (const user of options.users ?? []) {
    userPool.adminCreateUser(user.username, user.password, user.groups ?? ['vault-users']);
  }

  const server = http.createServer((req, res) => {
    const remoteAddress = req.socket.remoteAddress ?? '';
    const ctx: RequestContext = {
      // Loopback never leaves the machine: it counts as a secure transport (see README).
      secureTransport: isLoopback(remoteAddress),
      remoteAddress,
      requestId: randomId(8, 'hex').toUpperCase(),
      receivedAt: new Date(),
    };
    const service = routeRequest(req);
    services[service](req, res, ctx).catch((error: unknown) => {
      log(`local backend: ${service} failed: ${(error as Error).stack ?? String(error)}`);
      if (res.headersSent) res.destroy();
      else sendJsonError(res, ctx, new AwsJsonError('InternalFailure', 'The local backend failed; see its log.', 500));
    });
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only, always (DESIGN §6).
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}`;

  return {
    url,
    port,
    profile: profileFromModel(model, url, adminKeys),
    kms,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await s3.close();
    },
  };
}

function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}
