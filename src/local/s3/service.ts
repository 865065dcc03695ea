/**
 * The S3 service of the local backend: path-style REST/XML on a file store.
 * Every request: parse → SigV4 verification → bucket → IAM + bucket policy →
 * operation; errors as S3's XML; server access logs for logged buckets.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Authorizer, AuthzRequest } from '../core/authorizer';
import type { RequestContext, ServiceHandler } from '../core/http';
import type { VaultModel } from '../core/model';
import type { PolicyDocument } from '../core/policy-types';
import type { CredentialDirectory } from '../core/principal';
import { randomId } from '../core/random-ids';
import { authorizeService } from '../iam';
import { verifyRequest } from '../sigv4';
import { AccessLogBuffer, formatLogLine, logObjectKey, type LogEntry } from './access-log';
import { BucketRegistry } from './buckets';
import { bucketArn, header, objectArn, sendError, type S3Call, type S3Deps } from './call';
import { corsHeaders, preflight } from './cors';
import { s3Error, S3Error, toS3Error } from './errors';
import { applyLifecycle } from './lifecycle';
import { MultipartStore } from './multipart-store';
import {
  createBucket,
  deleteBucket,
  deleteBucketPolicy,
  getBucketCors,
  getBucketEncryption,
  getBucketLifecycle,
  getBucketLocation,
  getBucketLogging,
  getBucketPolicy,
  getBucketVersioning,
  getPublicAccessBlock,
  headBucket,
  putBucketPolicy,
  putBucketVersioning,
} from './ops/bucket';
import { copyObject } from './ops/copy';
import { deleteObjects } from './ops/delete-objects';
import { listBuckets, listObjects, listObjectsV2 } from './ops/list';
import {
  abortMultipartUpload,
  completeMultipartUpload,
  createMultipartUpload,
  listMultipartUploads,
  listParts,
  uploadPart,
  uploadPartCopy,
} from './ops/multipart';
import { deleteObject, getObject, putObject } from './ops/objects';
import { parseS3Request, resolveOperation, type Operation, type S3Request } from './request';
import { ObjectStore } from './store';
import type { ObjectMeta } from './types';

export interface S3ServiceOptions {
  model: VaultModel;
  dataDir: string;
  credentials: CredentialDirectory;
  authorizer: Authorizer;
  now?: () => Date;
  log?: (line: string) => void;
  /** How often buffered access-log lines are delivered as log objects (ms); default 5000. */
  accessLogFlushMs?: number;
  /** The vault key's current policy, if KMS lets it change at run time; default: the model's. */
  keyPolicy?: () => PolicyDocument;
}

export interface S3Service {
  handle: ServiceHandler;
  /** Delivers buffered access logs and closes the store. */
  close(): Promise<void>;
}

const HANDLERS: Record<string, (call: S3Call) => Promise<void>> = {
  ListObjectsV2: listObjectsV2,
  ListObjects: listObjects,
  HeadBucket: headBucket,
  GetBucketLocation: getBucketLocation,
  GetBucketVersioning: getBucketVersioning,
  PutBucketVersioning: putBucketVersioning,
  GetBucketEncryption: getBucketEncryption,
  GetPublicAccessBlock: getPublicAccessBlock,
  GetBucketLifecycleConfiguration: getBucketLifecycle,
  GetBucketLogging: getBucketLogging,
  GetBucketPolicy: getBucketPolicy,
  PutBucketPolicy: putBucketPolicy,
  DeleteBucketPolicy: deleteBucketPolicy,
  GetBucketCors: getBucketCors,
  DeleteBucket: deleteBucket,
  DeleteObjects: deleteObjects,
  ListMultipartUploads: listMultipartUploads,
  GetObject: (call) => getObject(call),
  HeadObject: (call) => getObject(call),
  PutObject: putObject,
  CopyObject: copyObject,
  DeleteObject: deleteObject,
  CreateMultipartUpload: createMultipartUpload,
  UploadPart: uploadPart,
  UploadPartCopy: uploadPartCopy,
  CompleteMultipartUpload: completeMultipartUpload,
  AbortMultipartUpload: abortMultipartUpload,
  ListParts: listParts,
};

/** Operations whose IAM check carries the listing condition keys. */
const LISTINGS = new Set(['ListObjectsV2', 'ListObjects', 'ListMultipartUploads', 'HeadBucket']);

/**
 * Creates the S3 service. The template's buckets exist from the start; objects,
 * uploads and settings persist under `<dataDir>/s3`.
 */
export function createS3Service(options: S3ServiceOptions): S3Service {
  const { model, credentials } = options;
  const now = options.now ?? (() => new Date());
  const log = options.log ?? (() => {});
  const root = path.join(options.dataDir, 's3');
  const store = new ObjectStore(root);
  const deps: S3Deps = {
    model,
    store,
    uploads: new MultipartStore(path.join(root, 'uploads')),
    buckets: new BucketRegistry(root, model, now),
    authorizer: options.authorizer,
    now,
    log,
    canonicalId: createHash('sha256').update(`s3vault-local-canonical-user:${model.accountId}`).digest('hex'),
    keyPolicy: options.keyPolicy ?? (() => model.key.policy),
  };
  const logs = new AccessLogBuffer();
  const pending = new Set<Promise<unknown>>();

  const housekeeping = (): void => {
    const job = applyLifecycle(deps.buckets, store, deps.uploads, now(), log)
      .then(() => {
        for (const b of deps.buckets.list()) store.sweepOrphans(b.name);
      })
      .catch((error: unknown) => log(`s3: housekeeping failed: ${String(error)}`));
    pending.add(job);
    void job.finally(() => pending.delete(job));
  };
  // Not on the start path: start stays fast, housekeeping follows right after.
  const housekeepingTimer = setTimeout(housekeeping, 500);
  housekeepingTimer.unref();
  const hourly = setInterval(housekeeping, 3600_000);
  hourly.unref();
  // A failed periodic delivery (say, the data folder removed under us) loses those lines, as S3's
  // best-effort log delivery may; it must not become an unhandled rejection that stops the process.
  const flushTimer = setInterval(
    () => void flushLogs().catch((error: unknown) => log(`s3: access log delivery failed: ${String(error)}`)),
    options.accessLogFlushMs ?? 5000,
  );
  flushTimer.unref();

  /** Delivers buffered log lines as objects, as S3's log delivery (a service principal) would. */
  async function flushLogs(): Promise<void> {
    for (const { target, body } of logs.drain()) {
      const bucket = deps.buckets.get(target.targetBucket);
      if (!bucket) {
        log(`s3: access logs of ${target.source} dropped: target bucket ${target.targetBucket} does not exist`);
        continue;
      }
      const key = logObjectKey(target.targetPrefix, now());
      const decision = authorizeService(bucket.config.policy, {
        service: 'logging.s3.amazonaws.com',
        action: 's3:PutObject',
        resource: objectArn(bucket.name, key),
        context: {
          'aws:SourceArn': bucketArn(target.source),
          'aws:SourceAccount': model.accountId,
          'aws:SecureTransport': true,
        },
      });
      if (decision !== 'allow') {
        log(
          `s3: access logs of ${target.source} not delivered: the policy of ${bucket.name} does not let logging.s3.amazonaws.com put ${key} (${decision})`,
        );
        continue;
      }
      const temp = store.tempFile();
      await writeFile(temp, body, { mode: 0o600 });
      const file = store.newFileId();
      store.place(temp, bucket.name, file);
      const enc = bucket.config.encryption;
      const meta: ObjectMeta = {
        key,
        size: body.length,
        etag: createHash('md5').update(body).digest('hex'),
        lastModified: Math.floor(now().getTime() / 1000) * 1000,
        file,
        contentType: 'text/plain',
        userMetadata: {},
        sse:
          enc?.sseAlgorithm === 'aws:kms'
            ? { algorithm: 'aws:kms', kmsKeyArn: enc.kmsKeyArn }
            : { algorithm: 'AES256' },
      };
      store.commit(bucket.name, meta);
    }
  }

  /** Whether a finished request goes to a log: its bucket logs, and it is not the log delivery's own target. */
  function recordLog(entry: LogEntry): void {
    if (!entry.bucket) return;
    const bucket = deps.buckets.get(entry.bucket);
    const logging = bucket?.config.logging;
    if (!bucket || !logging) return;
    if (logging.targetBucket === bucket.name && (entry.key ?? '').startsWith(logging.targetPrefix)) return;
    logs.add(
      { source: bucket.name, targetBucket: logging.targetBucket, targetPrefix: logging.targetPrefix },
      formatLogLine(deps.canonicalId, entry),
    );
  }

  const handle: ServiceHandler = async (req, res, ctx) => {
    const r = parseS3Request(req);
    const op = resolveOperation(r, req.headers);
    const hostId = randomId(32, 'base64');
    res.setHeader('x-amz-request-id', ctx.requestId);
    res.setHeader('x-amz-id-2', hostId);
    res.setHeader('Server', 'AmazonS3');
    const entry = newEntry(req, r, op, ctx, hostId);
    instrument(req, res, entry);
    res.once('close', () => {
      entry.finished = performance.now();
      entry.status = res.statusCode;
      recordLog(entry);
    });
    const resource = r.key !== undefined ? `/${r.bucket}/${r.key}` : r.bucket !== undefined ? `/${r.bucket}` : '/';
    try {
      await dispatch(req, res, ctx, r, op, entry);
    } catch (error) {
      const e = toS3Error(error);
      if (!(error instanceof S3Error) && e.code === 'InternalError')
        log(`s3: ${op.name} ${r.url} failed: ${(error as Error).stack ?? String(error)}`);
      entry.errorCode = e.code;
      // A body we did not read to its end must not be parsed as the next request.
      if (!req.complete && !res.headersSent) res.setHeader('Connection', 'close');
      sendError(res, ctx, hostId, e, resource, r.method === 'HEAD');
    }
  };

  async function dispatch(
    req: IncomingMessage,
    res: ServerResponse,
    ctx: RequestContext,
    r: S3Request,
    op: Operation,
    entry: LogEntry,
  ): Promise<void> {
    if (op.name === 'Preflight') {
      preflight({ req, res }, r.bucket ? deps.buckets.get(r.bucket)?.config : undefined);
      return;
    }
    const verified = verifyRequest(
      { method: r.method, rawPath: r.rawPath, rawQuery: r.rawQuery, headers: req.headers, service: 's3', now: now() },
      credentials,
    );
    const principal = verified.record.principal;
    entry.requester = principal.kind === 'account-admin' ? deps.canonicalId : principal.arn;
    if (verified.region !== model.region) {
      const message = `the region '${verified.region}' is wrong; expecting '${model.region}'`;
      throw verified.presigned
        ? new S3Error('AuthorizationQueryParametersError', `Error parsing the X-Amz-Credential parameter; ${message}`, {
            Region: model.region,
          })
        : new S3Error('AuthorizationHeaderMalformed', `The authorization header is malformed; ${message}`, {
            Region: model.region,
          });
    }
    if (op.name === 'MethodNotAllowed')
      throw s3Error('MethodNotAllowed', undefined, { Method: r.method, ResourceType: op.scope.toUpperCase() });
    if (op.name === 'NotImplemented') throw s3Error('NotImplemented');

    const baseContext = (): AuthzRequest['context'] => ({
      'aws:SecureTransport': ctx.secureTransport,
      'aws:SourceIp': ctx.remoteAddress.replace(/^::ffff:/, ''),
      'aws:CurrentTime': now().toISOString(),
      'aws:EpochTime': String(Math.floor(now().getTime() / 1000)),
      'aws:PrincipalArn': principal.kind === 'assumed-role' ? principal.roleArn : principal.arn,
      'aws:PrincipalAccount': principal.accountId,
      's3:authType': verified.presigned ? 'REST-QUERY-STRING' : 'REST-HEADER',
      's3:signatureversion': 'AWS4-HMAC-SHA256',
      's3:x-amz-content-sha256': header(req, 'x-amz-content-sha256'),
    });
    const allowed = (action: string, resource: string, extra: AuthzRequest['context'] = {}): boolean => {
      const bucketName = resource.startsWith('arn:aws:s3:::')
        ? resource.slice('arn:aws:s3:::'.length).split('/')[0]!
        : '';
      const policy = deps.buckets.get(bucketName)?.config.policy ?? null;
      return (
        deps.authorizer.authorize({ principal, action, resource, context: { ...baseContext(), ...extra } }, policy) ===
        'allow'
      );
    };
    const require = (action: string, resource: string, extra?: AuthzRequest['context']): void => {
      if (!allowed(action, resource, extra)) throw s3Error('AccessDenied');
    };

    if (op.scope === 'service') {
      require('s3:ListAllMyBuckets', 'arn:aws:s3:::*');
      await listBuckets({
        deps,
        req,
        res,
        ctx,
        r,
        op,
        verified,
        principal,
        entry,
        key: '',
        allowed,
        require,
      } as unknown as S3Call);
      return;
    }
    const bucketName = r.bucket!;
    if (op.name === 'CreateBucket') {
      require('s3:CreateBucket', bucketArn(bucketName));
      await createBucket(
        { deps, req, res, ctx, r, op, verified, principal, entry, key: '', allowed, require } as unknown as S3Call,
        bucketName,
      );
      return;
    }
    const bucket = deps.buckets.get(bucketName);
    if (!bucket) throw s3Error('NoSuchBucket', undefined, { BucketName: bucketName });
    const key = op.scope === 'object' ? r.key! : '';
    const call: S3Call = { deps, req, res, ctx, r, op, verified, principal, bucket, key, entry, allowed, require };
    if (op.action) {
      const resource = op.scope === 'object' ? objectArn(bucket.name, key) : bucketArn(bucket.name);
      require(op.action, resource, conditionKeys(req, r, op));
    }
    for (const [name, value] of Object.entries(corsHeaders({ req }, bucket.config)))
      res.setHeader(name, value as string);
    const handler = HANDLERS[op.name];
    if (!handler) throw s3Error('NotImplemented');
    await handler(call);
  }

  return {
    handle,
    async close() {
      clearTimeout(housekeepingTimer);
      clearInterval(hourly);
      clearInterval(flushTimer);
      await Promise.allSettled([...pending]);
      await flushLogs();
      store.close();
    },
  };
}

/** The S3 condition keys of a request, as IAM sees them (absent when the request has no such parameter). */
function conditionKeys(req: IncomingMessage, r: S3Request, op: Operation): AuthzRequest['context'] {
  const out: AuthzRequest['context'] = {};
  if (LISTINGS.has(op.name)) {
    if (r.params.has('prefix')) out['s3:prefix'] = r.params.get('prefix');
    if (r.params.has('delimiter')) out['s3:delimiter'] = r.params.get('delimiter');
    if (r.params.has('max-keys')) out['s3:max-keys'] = r.params.get('max-keys');
  }
  for (const name of [
    'x-amz-server-side-encryption',
    'x-amz-server-side-encryption-aws-kms-key-id',
    'x-amz-metadata-directive',
    'x-amz-copy-source',
    'x-amz-storage-class',
  ]) {
    const v = header(req, name);
    if (v !== undefined) out[`s3:${name}`] = v;
  }
  const versionId = r.params.get('versionId');
  if (versionId !== undefined) out['s3:VersionId'] = versionId;
  return out;
}

function newEntry(req: IncomingMessage, r: S3Request, op: Operation, ctx: RequestContext, hostId: string): LogEntry {
  return {
    time: ctx.receivedAt,
    bucket: r.bucket,
    key: r.key,
    operation: op.logName,
    remoteIp: ctx.remoteAddress,
    requester: '-',
    requestId: ctx.requestId,
    requestUri: `${r.method} ${r.url} HTTP/${req.httpVersion}`,
    status: 0,
    bytesSent: 0,
    started: performance.now(),
    referer: header(req, 'referer'),
    userAgent: header(req, 'user-agent'),
    hostId,
    // From the request's shape, so refused signatures are logged as what they tried to be.
    signed:
      header(req, 'authorization')?.startsWith('AWS4-HMAC-SHA256') === true ||
      r.params.get('X-Amz-Algorithm') === 'AWS4-HMAC-SHA256',
    authType:
      header(req, 'authorization') !== undefined
        ? 'AuthHeader'
        : r.params.has('X-Amz-Algorithm')
          ? 'QueryString'
          : undefined,
    hostHeader: header(req, 'host'),
  };
}

/** Counts response body bytes and marks the first byte and the end of the request body, for the access log. */
function instrument(req: IncomingMessage, res: ServerResponse, entry: LogEntry): void {
  req.once('end', () => (entry.requestEnded = performance.now()));
  const count = (chunk: unknown, encoding?: unknown): void => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
    entry.firstByte ??= performance.now();
    entry.bytesSent +=
      typeof chunk === 'string'
        ? Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
        : (chunk as Uint8Array).length;
  };
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  (res as { write: unknown }).write = (...args: unknown[]): boolean => {
    count(args[0], args[1]);
    return write(...args);
  };
  (res as { end: unknown }).end = (...args: unknown[]): ServerResponse => {
    count(args[0], args[1]);
    entry.firstByte ??= performance.now();
    return end(...args);
  };
}
