/**
 * A test http.Server on 127.0.0.1:0 in front of the S3 service, seeded from the
 * real infra/vault.yaml (template loader) and judged by the real IAM evaluator,
 * with a hand-built credential directory: the admin keys, two vault members'
 * role sessions, an expired session and a session of the no-permission role.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { RequestContext } from '../../../src/local/core/http';
import type { LocalIds, VaultModel } from '../../../src/local/core/model';
import type { CredentialDirectory, CredentialRecord, Principal } from '../../../src/local/core/principal';
import { createAuthorizer } from '../../../src/local/iam';
import { createS3Service, type S3Service } from '../../../src/local/s3';
import { loadVaultModel } from '../../../src/local/template';

export const TEMPLATE = path.resolve(__dirname, '../../../infra/vault.yaml');

export const IDS: LocalIds = {
  accountId: '123456789012',
  region: 'us-east-1',
  stackName: 's3vault-local',
  userPoolId: 'us-east-1_TestPool1',
  userPoolClientId: 'testclient0000000000000000',
  identityPoolId: 'us-east-1:00000000-0000-4000-8000-000000000000',
  keyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
  suffix: 'test0001',
};

export interface Harness {
  url: string;
  port: number;
  model: VaultModel;
  dataDir: string;
  bucket: string;
  logBucket: string;
  admin: CredentialRecord;
  alice: CredentialRecord;
  bob: CredentialRecord;
  /** A session of the vault-admins role (reads bucket totals and access logs). */
  carol: CredentialRecord;
  expired: CredentialRecord;
  outsider: CredentialRecord;
  service: S3Service;
  logLines: string[];
  /** Method, URL and headers of every request received, for asserting what the real clients sent. */
  requests: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders }>;
  client(record: CredentialRecord, extra?: Partial<ConstructorParameters<typeof S3Client>[0]>): S3Client;
  /** Closes the server and the service (flushing access logs). */
  close(): Promise<void>;
  /** Restarts the service on the same data folder and port-less server (persistence). */
  restart(): Promise<void>;
}

function roleSession(
  model: VaultModel,
  logicalId: string,
  identityId: string,
  expiresAt: number,
  label: string,
): CredentialRecord {
  const role = model.roles.find((r) => r.logicalId === logicalId);
  if (!role) throw new Error(`the template has no role ${logicalId}`);
  const principal: Principal = {
    kind: 'assumed-role',
    accountId: model.accountId,
    arn: `arn:aws:sts::${model.accountId}:assumed-role/${role.name}/CognitoIdentityCredentials`,
    roleArn: role.arn,
    roleName: role.name,
    sessionName: 'CognitoIdentityCredentials',
    identityId,
    identityPoolId: IDS.identityPoolId,
  };
  return {
    accessKeyId: `ASIA${label.toUpperCase().padEnd(16, 'X').slice(0, 16)}`,
    secretAccessKey: randomBytes(30).toString('base64'),
    sessionToken: `session-token-${label}-${randomBytes(24).toString('base64')}`,
    expiresAt,
    principal,
  };
}

export async function startHarness(
  options: { mutateModel?: (model: VaultModel) => void; dataDir?: string } = {},
): Promise<Harness> {
  const model = loadVaultModel(TEMPLATE, IDS);
  options.mutateModel?.(model);
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 's3vault-s3-'));
  const hour = Date.now() + 3600_000;
  const admin: CredentialRecord = {
    accessKeyId: 'AKIALOCALADMIN000001',
    secretAccessKey: 'localAdminSecretKey0000000000000000000000',
    principal: { kind: 'account-admin', accountId: model.accountId, arn: `arn:aws:iam::${model.accountId}:root` },
  };
  const alice = roleSession(model, 'VaultUserRole', 'us-east-1:aaaaaaaa-0000-4000-8000-000000000001', hour, 'alice');
  const bob = roleSession(model, 'VaultUserRole', 'us-east-1:bbbbbbbb-0000-4000-8000-000000000002', hour, 'bob');
  const carol = roleSession(model, 'VaultAdminRole', 'us-east-1:cccccccc-0000-4000-8000-00000000000a', hour, 'carol');
  const expired = roleSession(
    model,
    'VaultUserRole',
    'us-east-1:aaaaaaaa-0000-4000-8000-000000000001',
    Date.now() - 1000,
    'expired',
  );
  const outsiderRole = model.roles.find((r) => r.logicalId !== 'VaultUserRole' && r.logicalId !== 'VaultAdminRole');
  const outsider = roleSession(
    model,
    outsiderRole?.logicalId ?? 'VaultUserRole',
    'us-east-1:dddddddd-0000-4000-8000-000000000003',
    hour,
    'outsider',
  );
  const records = new Map([admin, alice, bob, carol, expired, outsider].map((r) => [r.accessKeyId, r]));
  const credentials: CredentialDirectory = {
    find: (id) => records.get(id),
    issue: () => {
      throw new Error('not used');
    },
  };
  const logLines: string[] = [];
  const requests: Harness['requests'] = [];
  const authorizer = createAuthorizer(model);
  const make = (): S3Service =>
    createS3Service({ model, dataDir, credentials, authorizer, accessLogFlushMs: 300, log: (l) => logLines.push(l) });
  let service = make();
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const ctx: RequestContext = {
      secureTransport: true,
      remoteAddress: req.socket.remoteAddress ?? '',
      requestId: randomBytes(8).toString('hex').toUpperCase(),
      receivedAt: new Date(),
    };
    service.handle(req, res, ctx).catch((error: unknown) => {
      logLines.push(`unhandled: ${String(error)}`);
      res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const harness: Harness = {
    url,
    port,
    model,
    dataDir,
    bucket: model.bucket.name,
    logBucket: model.logBucket!.name,
    admin,
    alice,
    bob,
    carol,
    expired,
    outsider,
    get service() {
      return service;
    },
    logLines,
    requests,
    client(record, extra = {}) {
      return new S3Client({
        endpoint: url,
        forcePathStyle: true,
        region: model.region,
        credentials: {
          accessKeyId: record.accessKeyId,
          secretAccessKey: record.secretAccessKey,
          sessionToken: record.sessionToken,
        },
        maxAttempts: 1,
        ...extra,
      });
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await service.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
    async restart() {
      await service.close();
      service = make();
    },
  };
  return harness;
}

/** The private prefix of a member: private/<identityId>/ */
export function home(record: CredentialRecord): string {
  if (record.principal.kind !== 'assumed-role') throw new Error('not a member');
  return `private/${record.principal.identityId}/`;
}

/** The S3 error `p` fails with; anything else (success included) fails the test. */
export async function failure(p: Promise<unknown>): Promise<S3ServiceException> {
  try {
    await p;
  } catch (error) {
    if (error instanceof S3ServiceException) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}
