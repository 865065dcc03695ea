/** Small hand-built fixtures for the SigV4 unit tests. */
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { CredentialDirectory, CredentialRecord, Principal } from '../../../../src/local/core/principal';

export const ACCOUNT = '000000000000';

export const admin: CredentialRecord = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  principal: { kind: 'account-admin', accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root` },
};

const rolePrincipal: Principal = {
  kind: 'assumed-role',
  accountId: ACCOUNT,
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/VaultUser/CognitoIdentityCredentials`,
  roleArn: `arn:aws:iam::${ACCOUNT}:role/VaultUser`,
  roleName: 'VaultUser',
  sessionName: 'CognitoIdentityCredentials',
  identityId: 'us-east-1:11111111-2222-3333-4444-555555555555',
  identityPoolId: 'us-east-1:pool',
};

export function temporary(expiresAt: number, id = 'ASIATEMPORARYEXAMPLE'): CredentialRecord {
  return {
    accessKeyId: id,
    secretAccessKey: 'temporarySecretKeyExample0123456789abcdef',
    sessionToken: `token-for-${id}`,
    expiresAt,
    principal: rolePrincipal,
  };
}

export function directory(...records: CredentialRecord[]): CredentialDirectory {
  const byId = new Map(records.map((r) => [r.accessKeyId, r]));
  return {
    find: (id) => byId.get(id),
    issue: () => {
      throw new Error('not used in these tests');
    },
  };
}

function toBytes(data: string | ArrayBuffer | ArrayBufferView): string | Buffer {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** node:crypto behind the SDK's hash interface, so the SDK's own signer signs our test requests. */
export class NodeSha256 {
  private readonly h;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.h.update(toBytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return this.h.digest();
  }
}

export function sdkSigner(
  record: CredentialRecord,
  service: string,
  region = 'us-east-1',
  uriEscapePath = service !== 's3',
): SignatureV4 {
  return new SignatureV4({
    credentials: {
      accessKeyId: record.accessKeyId,
      secretAccessKey: record.secretAccessKey,
      sessionToken: record.sessionToken,
    },
    region,
    service,
    sha256: NodeSha256,
    uriEscapePath,
  });
}

/** Splits an SDK-shaped request back into what the server sees: raw path, raw query, lowercase headers. */
export function toWire(req: {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
}): {
  method: string;
  rawPath: string;
  rawQuery: string;
  headers: Record<string, string>;
} {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(req.query ?? {})) {
    if (v === null) parts.push(encodeURIComponent(k));
    else
      for (const one of Array.isArray(v) ? v : [v]) parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(one)}`);
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = v;
  return { method: req.method, rawPath: req.path, rawQuery: parts.join('&'), headers };
}
