/** GetObject, HeadObject, PutObject, DeleteObject: single objects, streamed both ways. */
import { pipeline } from 'node:stream/promises';
import { receiveToFile, requireLength } from '../body';
import { bucketArn, header, sendEmpty, type S3Call } from '../call';
import { S3Error, s3Error } from '../errors';
import {
  checkKey,
  checksumHeaders,
  checkWritePrecondition,
  contentHeadersOf,
  newVersionId,
  nowSeconds,
  objectHeaders,
  parseRange,
  readPrecondition,
  sseFor,
  sseHeaders,
  userMetadataOf,
} from '../object-meta';
import { requireKmsAccess } from '../sse-kms';
import { SMALL_BODY_BYTES } from '../temp-file-sink';
import type { ObjectMeta } from '../types';

/** A single PUT may carry at most 5 GiB. */
export const MAX_SINGLE_PUT = 5 * 1024 ** 3;

/**
 * A missing key is 404 NoSuchKey only for callers who may list the bucket; to
 * others S3 answers 403 AccessDenied, so a key's existence does not leak. The
 * template's members may list only with an s3:prefix, so they get 403 too, as in AWS.
 */
function missingKey(call: S3Call, key: string): S3Error {
  if (call.allowed('s3:ListBucket', bucketArn(call.bucket.name))) return s3Error('NoSuchKey', undefined, { Key: key });
  return s3Error('AccessDenied');
}

/** The current object, honouring ?versionId (only the current version is kept). */
function currentObject(call: S3Call): ObjectMeta {
  const meta = call.deps.store.index(call.bucket.name).get(call.key);
  const versionId = call.r.params.get('versionId');
  if (versionId !== undefined) {
    if (!meta || (meta.versionId ?? 'null') !== versionId) {
      if (!/^[A-Za-z0-9._-]+$/.test(versionId))
        throw s3Error('InvalidArgument', 'Invalid version id specified', {
          ArgumentName: 'versionId',
          ArgumentValue: versionId,
        });
      throw s3Error('NoSuchVersion', undefined, { Key: call.key, VersionId: versionId });
    }
  }
  if (!meta) throw missingKey(call, call.key);
  return meta;
}

export async function getObject(call: S3Call, attempt = 1): Promise<void> {
  const head = call.r.method === 'HEAD';
  const meta = currentObject(call);
  call.entry.objectSize = meta.size;
  call.entry.versionId = meta.versionId;
  const condition = readPrecondition((name) => header(call.req, name), meta);
  if (condition === 'not-modified') {
    sendEmpty(call, 304, { ETag: `"${meta.etag}"`, 'Last-Modified': new Date(meta.lastModified).toUTCString() });
    return;
  }
  if (condition !== 'ok') throw s3Error('PreconditionFailed', undefined, { Condition: condition.failed });
  if (call.r.params.has('partNumber') && call.r.params.get('partNumber') !== '1') {
    throw s3Error('InvalidPartNumber', 'The requested partnumber is not satisfiable', {
      PartNumberRequested: call.r.params.get('partNumber') ?? '',
      ActualPartCount: String(meta.parts ?? 1),
    });
  }
  // HEAD reads no bytes, so KMS is not involved (as in AWS).
  if (!head) requireKmsAccess(call, 'kms:Decrypt', call.bucket.name, call.key, meta.sse);

  const range = parseRange(header(call.req, 'range'), meta.size);
  // Full-object checksums only for whole-object reads that asked for them.
  // (A presigned GET carries the SDK's x-amz-checksum-mode in its query.)
  const checksumMode = header(call.req, 'x-amz-checksum-mode') ?? call.r.params.get('x-amz-checksum-mode');
  const withChecksum = !range && checksumMode?.toUpperCase() === 'ENABLED';
  const headers = objectHeaders(call, meta, withChecksum);
  if (meta.parts && call.r.params.has('partNumber')) headers['x-amz-mp-parts-count'] = String(meta.parts);
  const start = range?.start ?? 0;
  const end = range?.end ?? meta.size - 1;
  const length = meta.size === 0 ? 0 : end - start + 1;
  headers['Content-Length'] = length;
  if (range) headers['Content-Range'] = `bytes ${start}-${end}/${meta.size}`;
  const status = range ? 206 : 200;

  if (head) {
    call.res.writeHead(status, headers);
    call.res.end();
    return;
  }
  if (length > 0 && length <= SMALL_BODY_BYTES) {
    // Small objects (most of a many-files transfer) in one synchronous read:
    // no file handle, read stream or pipeline to set up per request.
    const bytes = call.deps.store.readSmall(call.bucket.name, meta, start, length);
    if (!bytes) {
      if (attempt < 3) return getObject(call, attempt + 1);
      throw s3Error('NoSuchKey', undefined, { Key: call.key });
    }
    call.res.writeHead(status, headers);
    call.res.end(bytes);
    return;
  }
  const handle = await call.deps.store.openData(call.bucket.name, meta);
  // Replaced or deleted between lookup and open: answer as if we had looked a
  // moment later (the new version, or NoSuchKey).
  if (!handle) {
    if (attempt < 3) return getObject(call, attempt + 1);
    throw s3Error('NoSuchKey', undefined, { Key: call.key });
  }
  if (length === 0) {
    await handle.close();
    call.res.writeHead(status, headers);
    call.res.end();
    return;
  }
  call.res.writeHead(status, headers);
  const stream = handle.createReadStream({ start, end, highWaterMark: 256 * 1024 });
  try {
    await pipeline(stream, call.res);
  } catch {
    // The client went away mid-download; the read stream closed its file.
  }
}

export async function putObject(call: S3Call): Promise<void> {
  const { store } = call.deps;
  const bucket = call.bucket.name;
  checkKey(call.key);
  requireLength(call.req, call.verified.payload);
  // Fail fast, before reading a body that could not be stored anyway.
  checkWritePrecondition(call, store.index(bucket).get(call.key));
  const content = contentHeadersOf(call.req);
  const userMetadata = userMetadataOf(call.req);
  const sse = sseFor(call);
  requireKmsAccess(call, 'kms:GenerateDataKey', bucket, call.key, sse);

  const body = await receiveToFile(call.req, call.verified.payload, store, { limit: MAX_SINGLE_PUT });
  try {
    // Checked again now that the body is here: a conditional put that lost a race fails.
    checkWritePrecondition(call, store.index(bucket).get(call.key));
  } catch (error) {
    await store.discard(body.tempFile);
    throw error;
  }
  const file = store.newFileId();
  store.place(body.tempFile, bucket, file);
  const meta: ObjectMeta = {
    key: call.key,
    size: body.size,
    etag: body.md5Hex,
    lastModified: nowSeconds(call),
    file,
    ...content,
    userMetadata,
    sse,
  };
  if (body.declared)
    meta.checksum = { algorithm: body.declared.algorithm, value: body.declared.value, type: 'FULL_OBJECT' };
  const versionId = newVersionId(call);
  if (versionId) meta.versionId = versionId;
  store.commit(bucket, meta);
  call.entry.objectSize = meta.size;
  call.entry.versionId = versionId;
  sendEmpty(call, 200, {
    ETag: `"${meta.etag}"`,
    ...checksumHeaders(meta),
    ...sseHeaders(sse),
    ...(versionId ? { 'x-amz-version-id': versionId } : {}),
  });
}

export async function deleteObject(call: S3Call): Promise<void> {
  const { store } = call.deps;
  const existing = store.index(call.bucket.name).get(call.key);
  const ifMatch = header(call.req, 'if-match');
  if (ifMatch !== undefined) {
    if (!existing) throw s3Error('NoSuchKey', undefined, { Key: call.key });
    if (ifMatch.trim() !== '*' && ifMatch.replace(/"/g, '').trim() !== existing.etag)
      throw s3Error('PreconditionFailed', undefined, { Condition: 'If-Match' });
  }
  if (existing) {
    call.entry.objectSize = existing.size;
    store.delete(call.bucket.name, call.key);
  }
  // Only the current version is kept: with versioning on, S3 would leave a delete
  // marker; the answer says so, and the object is gone.
  const headers: Record<string, string> = {};
  const versionId = newVersionId(call);
  if (versionId) {
    headers['x-amz-delete-marker'] = 'true';
    headers['x-amz-version-id'] = versionId;
  }
  sendEmpty(call, 204, headers);
}
