/**
 * Everything one S3 request handler needs: the parsed request, who signed it,
 * the bucket, the shared stores, authorization and response helpers.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Authorizer, AuthzRequest } from '../core/authorizer';
import type { RequestContext } from '../core/http';
import type { VaultModel } from '../core/model';
import type { PolicyDocument } from '../core/policy-types';
import type { Principal } from '../core/principal';
import type { VerifiedRequest } from '../sigv4';
import type { LogEntry } from './access-log';
import type { BucketRegistry } from './buckets';
import { S3Error, s3Error } from './errors';
import type { MultipartStore } from './multipart-store';
import type { Operation, S3Request } from './request';
import type { ObjectStore } from './store';
import type { BucketRecord } from './types';
import { el } from './xml';

/** Shared state of the S3 service. */
export interface S3Deps {
  model: VaultModel;
  store: ObjectStore;
  uploads: MultipartStore;
  buckets: BucketRegistry;
  authorizer: Authorizer;
  now: () => Date;
  log: (line: string) => void;
  /** The account's canonical user id (64 hex), as S3 shows owners. */
  canonicalId: string;
  /** The current key policy of the vault key (SSE-KMS checks). */
  keyPolicy: () => PolicyDocument;
}

export interface S3Call {
  deps: S3Deps;
  req: IncomingMessage;
  res: ServerResponse;
  ctx: RequestContext;
  r: S3Request;
  op: Operation;
  verified: VerifiedRequest;
  principal: Principal;
  /** Set for bucket and object operations (the bucket exists). */
  bucket: BucketRecord;
  /** The object key ('' for bucket operations). */
  key: string;
  entry: LogEntry;
  /** Whether the caller may do `action` on `resource` (identity policies + bucket policy). */
  allowed(action: string, resource: string, extra?: AuthzRequest['context']): boolean;
  /** Like allowed(), but throws AccessDenied. */
  require(action: string, resource: string, extra?: AuthzRequest['context']): void;
}

export function bucketArn(bucket: string): string {
  return `arn:aws:s3:::${bucket}`;
}

export function objectArn(bucket: string, key: string): string {
  return `arn:aws:s3:::${bucket}/${key}`;
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/** Sends an XML document. */
export function sendXml(
  call: Pick<S3Call, 'res'>,
  status: number,
  xml: string,
  headers: OutgoingHttpHeaders = {},
): void {
  const body = Buffer.from(xml, 'utf8');
  call.res.writeHead(status, { ...headers, 'Content-Type': 'application/xml', 'Content-Length': body.length });
  call.res.end(body);
}

/** Sends headers only (204s, HEAD answers, PUT answers). */
export function sendEmpty(call: Pick<S3Call, 'res'>, status: number, headers: OutgoingHttpHeaders = {}): void {
  call.res.writeHead(status, { ...headers, 'Content-Length': 0 });
  call.res.end();
}

/** S3's error document; HEAD errors carry no body (the status says it all). */
export function sendError(
  res: ServerResponse,
  ctx: RequestContext,
  hostId: string,
  error: S3Error,
  resource: string,
  head: boolean,
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  // Headers meant for a success (ETag, CORS, …) must not decorate the error.
  const keep = new Set(['x-amz-request-id', 'x-amz-id-2', 'server', 'connection']);
  for (const name of res.getHeaderNames()) if (!keep.has(name)) res.removeHeader(name);
  if (head) {
    res.writeHead(error.status, { 'Content-Length': 0 });
    res.end();
    return;
  }
  const fields = Object.entries(error.fields)
    .map(([k, v]) => el(k, v))
    .join('');
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${el('Code', error.code)}${el('Message', error.message)}${fields}${el('Resource', resource)}${el('RequestId', ctx.requestId)}${el('HostId', hostId)}</Error>`;
  const body = Buffer.from(xml, 'utf8');
  res.writeHead(error.status, { 'Content-Type': 'application/xml', 'Content-Length': body.length });
  res.end(body);
}

/** Throws the S3 error for a denied request. */
export function accessDenied(message = 'Access Denied'): S3Error {
  return s3Error('AccessDenied', message);
}
