/**
 * Object metadata in and out of HTTP headers: content headers, x-amz-meta-*,
 * server-side encryption, checksums, conditional requests, ranges.
 */
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { randomId } from '../core/random-ids';
import { checksumHeaderName } from '../sigv4';
import { header, type S3Call } from './call';
import { s3Error } from './errors';
import type { ContentHeaders, ObjectMeta, Sse } from './types';
import { httpDate } from './xml';

/** S3 stores this when the client gives no Content-Type. */
const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';
/** User metadata may not exceed 2 KB (names + values). */
const MAX_USER_METADATA = 2048;
const MAX_KEY_BYTES = 1024;

export function checkKey(key: string): void {
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES)
    throw s3Error('KeyTooLongError', undefined, {
      MaxSizeAllowed: String(MAX_KEY_BYTES),
      Size: String(Buffer.byteLength(key, 'utf8')),
    });
}

/** Content headers to store; 'aws-chunked' is transport, not content, so it is dropped from Content-Encoding. */
export function contentHeadersOf(req: IncomingMessage): ContentHeaders {
  const encoding = header(req, 'content-encoding')
    ?.split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '' && v.toLowerCase() !== 'aws-chunked')
    .join(',');
  const out: ContentHeaders = { contentType: header(req, 'content-type') || DEFAULT_CONTENT_TYPE };
  if (encoding) out.contentEncoding = encoding;
  const optional: Array<[keyof ContentHeaders, string]> = [
    ['contentDisposition', 'content-disposition'],
    ['contentLanguage', 'content-language'],
    ['cacheControl', 'cache-control'],
    ['expires', 'expires'],
  ];
  for (const [field, name] of optional) {
    const v = header(req, name);
    if (v !== undefined) out[field] = v;
  }
  return out;
}

export function userMetadataOf(req: IncomingMessage): Record<string, string> {
  const meta: Record<string, string> = {};
  let size = 0;
  for (const [name, value] of Object.entries(req.headers)) {
    if (!name.startsWith('x-amz-meta-') || value === undefined) continue;
    const v = Array.isArray(value) ? value.join(',') : value;
    const short = name.slice('x-amz-meta-'.length);
    meta[short] = v;
    size += short.length + v.length;
  }
  if (size > MAX_USER_METADATA)
    throw s3Error('MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size', {
      Size: String(size),
      MaxSizeAllowed: String(MAX_USER_METADATA),
    });
  return meta;
}

/** The encryption S3 applies to a new object: the request's SSE headers, else the bucket default (SSE-S3 when none is set). */
export function sseFor(call: S3Call): Sse {
  const requested = header(call.req, 'x-amz-server-side-encryption');
  const bucketDefault = call.bucket.config.encryption;
  if (requested === undefined) {
    if (!bucketDefault) return { algorithm: 'AES256' };
    const out: Sse = { algorithm: bucketDefault.sseAlgorithm };
    if (bucketDefault.sseAlgorithm === 'aws:kms') {
      out.kmsKeyArn = bucketDefault.kmsKeyArn ?? awsManagedKey(call);
      if (bucketDefault.bucketKeyEnabled) out.bucketKeyEnabled = true;
    }
    return out;
  }
  if (requested === 'AES256') return { algorithm: 'AES256' };
  if (requested !== 'aws:kms') {
    throw s3Error('InvalidArgument', 'The encryption method specified is not supported', {
      ArgumentName: 'x-amz-server-side-encryption',
      ArgumentValue: requested,
    });
  }
  const keyId = header(call.req, 'x-amz-server-side-encryption-aws-kms-key-id');
  const bucketKey = header(call.req, 'x-amz-server-side-encryption-bucket-key-enabled');
  const sameAsDefault =
    bucketDefault?.sseAlgorithm === 'aws:kms' && (keyId === undefined || keyId === bucketDefault.kmsKeyArn);
  const out: Sse = {
    algorithm: 'aws:kms',
    kmsKeyArn: resolveKeyArn(call, keyId ?? (sameAsDefault ? bucketDefault?.kmsKeyArn : undefined)),
  };
  if (bucketKey !== undefined ? bucketKey.toLowerCase() === 'true' : sameAsDefault && bucketDefault?.bucketKeyEnabled)
    out.bucketKeyEnabled = true;
  return out;
}

function awsManagedKey(call: S3Call): string {
  return `arn:aws:kms:${call.deps.model.region}:${call.deps.model.accountId}:alias/aws/s3`;
}

/** Key ids and aliases of the vault key → its ARN; anything else is left as given (treated as another key). */
function resolveKeyArn(call: S3Call, keyId: string | undefined): string {
  const key = call.deps.model.key;
  if (keyId === undefined) return awsManagedKey(call);
  if (keyId === key.arn || keyId === key.keyId) return key.arn;
  return keyId;
}

export function sseHeaders(sse: Sse | undefined): OutgoingHttpHeaders {
  if (!sse) return {};
  const out: OutgoingHttpHeaders = { 'x-amz-server-side-encryption': sse.algorithm };
  if (sse.kmsKeyArn) out['x-amz-server-side-encryption-aws-kms-key-id'] = sse.kmsKeyArn;
  if (sse.bucketKeyEnabled) out['x-amz-server-side-encryption-bucket-key-enabled'] = 'true';
  return out;
}

/** A fresh version id, when the bucket's versioning is Enabled. */
export function newVersionId(call: S3Call): string | undefined {
  return call.bucket.config.versioning === 'Enabled' ? randomId(24, 'base64url') : undefined;
}

export function checksumHeaders(meta: Pick<ObjectMeta, 'checksum'>): OutgoingHttpHeaders {
  if (!meta.checksum) return {};
  return {
    [checksumHeaderName(meta.checksum.algorithm)]: meta.checksum.value,
    'x-amz-checksum-type': meta.checksum.type,
  };
}

const RESPONSE_OVERRIDES: Array<[param: string, header: string]> = [
  ['response-content-type', 'Content-Type'],
  ['response-content-language', 'Content-Language'],
  ['response-expires', 'Expires'],
  ['response-cache-control', 'Cache-Control'],
  ['response-content-disposition', 'Content-Disposition'],
  ['response-content-encoding', 'Content-Encoding'],
];

/** GET/HEAD headers of an object (without length and range). */
export function objectHeaders(call: S3Call, meta: ObjectMeta, withChecksum: boolean): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {
    'Last-Modified': httpDate(meta.lastModified),
    ETag: `"${meta.etag}"`,
    'Content-Type': meta.contentType,
    'Accept-Ranges': 'bytes',
    ...sseHeaders(meta.sse),
  };
  if (meta.contentEncoding) out['Content-Encoding'] = meta.contentEncoding;
  if (meta.contentDisposition) out['Content-Disposition'] = meta.contentDisposition;
  if (meta.contentLanguage) out['Content-Language'] = meta.contentLanguage;
  if (meta.cacheControl) out['Cache-Control'] = meta.cacheControl;
  if (meta.expires) out.Expires = meta.expires;
  for (const [name, value] of Object.entries(meta.userMetadata)) out[`x-amz-meta-${name}`] = value;
  if (meta.versionId) out['x-amz-version-id'] = meta.versionId;
  if (withChecksum) Object.assign(out, checksumHeaders(meta));
  for (const [param, name] of RESPONSE_OVERRIDES) {
    const v = call.r.params.get(param);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

/** Does an If-Match / If-None-Match list name this ETag? ('*' names any existing object.) */
function etagListMatches(list: string, etag: string): boolean {
  return list.split(',').some((item) => {
    const t = item.trim().replace(/^W\//, '');
    return t === '*' || t.replace(/^"|"$/g, '') === etag;
  });
}

function parseHttpDate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * GET/HEAD preconditions in RFC 7232's order, which S3 follows: If-Match, then
 * If-Unmodified-Since (only without If-Match) → 412; If-None-Match, then
 * If-Modified-Since (only without If-None-Match) → 304.
 */
export function readPrecondition(
  get: (name: string) => string | undefined,
  meta: ObjectMeta,
  prefix = '',
): 'ok' | 'not-modified' | { failed: string } {
  const ifMatch = get(`${prefix}if-match`);
  const ifUnmodified = parseHttpDate(get(`${prefix}if-unmodified-since`));
  const ifNoneMatch = get(`${prefix}if-none-match`);
  const ifModified = parseHttpDate(get(`${prefix}if-modified-since`));
  if (ifMatch !== undefined) {
    if (!etagListMatches(ifMatch, meta.etag)) return { failed: 'If-Match' };
  } else if (ifUnmodified !== undefined && meta.lastModified > ifUnmodified) {
    return { failed: 'If-Unmodified-Since' };
  }
  if (ifNoneMatch !== undefined) {
    if (etagListMatches(ifNoneMatch, meta.etag)) return 'not-modified';
  } else if (ifModified !== undefined && meta.lastModified <= ifModified) {
    return 'not-modified';
  }
  return 'ok';
}

/**
 * Conditional writes (PutObject, CompleteMultipartUpload, CopyObject's target):
 * If-None-Match: * fails if the key exists; If-Match needs the key with that ETag
 * (NoSuchKey when there is none). Checked before reading the body and again at commit.
 */
export function checkWritePrecondition(call: S3Call, existing: ObjectMeta | undefined): void {
  const ifNoneMatch = header(call.req, 'if-none-match');
  const ifMatch = header(call.req, 'if-match');
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() !== '*')
      throw s3Error('NotImplemented', 'A header you provided implies functionality that is not implemented', {
        Header: 'If-None-Match',
      });
    if (existing) throw s3Error('PreconditionFailed', undefined, { Condition: 'If-None-Match' });
  }
  if (ifMatch !== undefined) {
    if (!existing) throw s3Error('NoSuchKey', undefined, { Key: call.key });
    if (!etagListMatches(ifMatch, existing.etag))
      throw s3Error('PreconditionFailed', undefined, { Condition: 'If-Match' });
  }
}

/** A single byte range, or undefined for the whole object (absent, malformed or multi-range headers are ignored, as S3 does). */
export function parseRange(value: string | undefined, size: number): { start: number; end: number } | undefined {
  if (value === undefined) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(value.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  const unsatisfiable = () =>
    s3Error('InvalidRange', undefined, { RangeRequested: value, ActualObjectSize: String(size) });
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) throw unsatisfiable();
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== '' && Number(m[2]) < start) return undefined;
  if (start >= size) throw unsatisfiable();
  return { start, end };
}

/** Whole seconds, as S3 keeps Last-Modified. */
export function nowSeconds(call: S3Call): number {
  return Math.floor(call.deps.now().getTime() / 1000) * 1000;
}
