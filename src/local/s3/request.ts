/**
 * Path-style S3 requests (`/bucket/key?subresource`) → which operation, which
 * IAM action, which name in the access log.
 */
import type { IncomingMessage } from 'node:http';
import { parseRawQuery, safeDecode } from '../sigv4/canonical';

export interface S3Request {
  method: string;
  /** Path and query exactly as received. */
  url: string;
  rawPath: string;
  rawQuery: string;
  /** Decoded query parameters (first occurrence wins). */
  params: Map<string, string>;
  bucket?: string;
  key?: string;
}

export function parseS3Request(req: IncomingMessage): S3Request {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const rawPath = q === -1 ? url : url.slice(0, q);
  const rawQuery = q === -1 ? '' : url.slice(q + 1);
  const params = new Map<string, string>();
  for (const p of parseRawQuery(rawQuery)) if (!params.has(p.key)) params.set(p.key, p.value);
  // Path-style: the first segment is the bucket, the rest (decoded, slashes kept) the key.
  const path = rawPath.startsWith('/') ? rawPath.slice(1) : rawPath;
  const slash = path.indexOf('/');
  const bucket = safeDecode(slash === -1 ? path : path.slice(0, slash));
  const key = slash === -1 ? '' : safeDecode(path.slice(slash + 1));
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    url,
    rawPath,
    rawQuery,
    params,
    bucket: bucket === '' ? undefined : bucket,
    key: key === '' ? undefined : key,
  };
}

/** One S3 operation: its API name, its access-log name and the IAM action it needs (null: checked inside). */
export interface Operation {
  name: string;
  logName: string;
  action: string | null;
  scope: 'service' | 'bucket' | 'object';
}

const op = (name: string, logName: string, action: string | null, scope: Operation['scope']): Operation => ({
  name,
  logName,
  action,
  scope,
});

/** Bucket sub-resources we read or write; any other one is NotImplemented rather than silently a listing. */
const BUCKET_GET: Record<string, Operation> = {
  versioning: op('GetBucketVersioning', 'REST.GET.VERSIONING', 's3:GetBucketVersioning', 'bucket'),
  encryption: op('GetBucketEncryption', 'REST.GET.ENCRYPTION', 's3:GetEncryptionConfiguration', 'bucket'),
  publicAccessBlock: op(
    'GetPublicAccessBlock',
    'REST.GET.PUBLIC_ACCESS_BLOCK',
    's3:GetBucketPublicAccessBlock',
    'bucket',
  ),
  lifecycle: op('GetBucketLifecycleConfiguration', 'REST.GET.LIFECYCLE', 's3:GetLifecycleConfiguration', 'bucket'),
  logging: op('GetBucketLogging', 'REST.GET.LOGGING_STATUS', 's3:GetBucketLogging', 'bucket'),
  policy: op('GetBucketPolicy', 'REST.GET.BUCKETPOLICY', 's3:GetBucketPolicy', 'bucket'),
  cors: op('GetBucketCors', 'REST.GET.CORS', 's3:GetBucketCORS', 'bucket'),
  location: op('GetBucketLocation', 'REST.GET.LOCATION', 's3:GetBucketLocation', 'bucket'),
  uploads: op('ListMultipartUploads', 'REST.GET.UPLOADS', 's3:ListBucketMultipartUploads', 'bucket'),
};

const UNSUPPORTED_SUBRESOURCES = [
  'accelerate',
  'acl',
  'analytics',
  'attributes',
  'intelligent-tiering',
  'inventory',
  'legal-hold',
  'metadataConfiguration',
  'metrics',
  'notification',
  'object-lock',
  'ownershipControls',
  'policyStatus',
  'replication',
  'requestPayment',
  'restore',
  'retention',
  'select',
  'tagging',
  'torrent',
  'versions',
  'website',
];

function unsupported(method: string, scope: Operation['scope']): Operation {
  return op('NotImplemented', `REST.${method}.UNKNOWN`, null, scope);
}

/** Resolves the operation of a request; 'NotImplemented' / 'MethodNotAllowed' operations produce those errors. */
export function resolveOperation(r: S3Request, headers: IncomingMessage['headers']): Operation {
  const has = (name: string): boolean => r.params.has(name);
  const m = r.method;
  if (m === 'OPTIONS')
    return op('Preflight', 'REST.OPTIONS.PREFLIGHT', null, r.key ? 'object' : r.bucket ? 'bucket' : 'service');
  if (!r.bucket) {
    if (m === 'GET') return op('ListBuckets', 'REST.GET.SERVICE', 's3:ListAllMyBuckets', 'service');
    return op('MethodNotAllowed', `REST.${m}.SERVICE`, null, 'service');
  }
  if (UNSUPPORTED_SUBRESOURCES.some(has)) return unsupported(m, r.key ? 'object' : 'bucket');
  if (!r.key) {
    switch (m) {
      case 'GET': {
        const sub = Object.keys(BUCKET_GET).find(has);
        if (sub) return BUCKET_GET[sub]!;
        return r.params.get('list-type') === '2'
          ? op('ListObjectsV2', 'REST.GET.BUCKET', 's3:ListBucket', 'bucket')
          : op('ListObjects', 'REST.GET.BUCKET', 's3:ListBucket', 'bucket');
      }
      case 'HEAD':
        return op('HeadBucket', 'REST.HEAD.BUCKET', 's3:ListBucket', 'bucket');
      case 'PUT':
        if (has('versioning'))
          return op('PutBucketVersioning', 'REST.PUT.VERSIONING', 's3:PutBucketVersioning', 'bucket');
        if (has('policy')) return op('PutBucketPolicy', 'REST.PUT.BUCKETPOLICY', 's3:PutBucketPolicy', 'bucket');
        if (r.params.size === 0) return op('CreateBucket', 'REST.PUT.BUCKET', 's3:CreateBucket', 'bucket');
        return unsupported(m, 'bucket');
      case 'DELETE':
        if (has('policy'))
          return op('DeleteBucketPolicy', 'REST.DELETE.BUCKETPOLICY', 's3:DeleteBucketPolicy', 'bucket');
        if (r.params.size === 0) return op('DeleteBucket', 'REST.DELETE.BUCKET', 's3:DeleteBucket', 'bucket');
        return unsupported(m, 'bucket');
      case 'POST':
        if (has('delete')) return op('DeleteObjects', 'REST.POST.MULTI_OBJECT_DELETE', null, 'bucket');
        return unsupported(m, 'bucket');
      default:
        return op('MethodNotAllowed', `REST.${m}.BUCKET`, null, 'bucket');
    }
  }
  const copySource = headers['x-amz-copy-source'] !== undefined;
  switch (m) {
    case 'GET':
      if (has('uploadId')) return op('ListParts', 'REST.GET.UPLOAD', 's3:ListMultipartUploadParts', 'object');
      return op('GetObject', 'REST.GET.OBJECT', 's3:GetObject', 'object');
    case 'HEAD':
      return op('HeadObject', 'REST.HEAD.OBJECT', 's3:GetObject', 'object');
    case 'PUT':
      if (has('uploadId') || has('partNumber')) {
        return copySource
          ? op('UploadPartCopy', 'REST.COPY.PART', 's3:PutObject', 'object')
          : op('UploadPart', 'REST.PUT.PART', 's3:PutObject', 'object');
      }
      return copySource
        ? op('CopyObject', 'REST.COPY.OBJECT', 's3:PutObject', 'object')
        : op('PutObject', 'REST.PUT.OBJECT', 's3:PutObject', 'object');
    case 'POST':
      if (has('uploads')) return op('CreateMultipartUpload', 'REST.POST.UPLOADS', 's3:PutObject', 'object');
      if (has('uploadId')) return op('CompleteMultipartUpload', 'REST.POST.UPLOAD', 's3:PutObject', 'object');
      return unsupported(m, 'object');
    case 'DELETE':
      if (has('uploadId')) return op('AbortMultipartUpload', 'REST.DELETE.UPLOAD', 's3:AbortMultipartUpload', 'object');
      return op('DeleteObject', 'REST.DELETE.OBJECT', 's3:DeleteObject', 'object');
    default:
      return op('MethodNotAllowed', `REST.${m}.OBJECT`, null, 'object');
  }
}
