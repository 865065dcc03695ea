/** CopyObject and UploadPartCopy: server-side copies, with S3's source and precondition rules. */
import type { FileHandle } from 'node:fs/promises';
import { parseChecksumAlgorithm } from '../../sigv4';
import { safeDecode } from '../../sigv4/canonical';
import { bucketArn, header, objectArn, sendXml, type S3Call } from '../call';
import { s3Error } from '../errors';
import {
  checkKey,
  checkWritePrecondition,
  contentHeadersOf,
  newVersionId,
  nowSeconds,
  readPrecondition,
  sseFor,
  sseHeaders,
  userMetadataOf,
} from '../object-meta';
import { requireKmsAccess } from '../sse-kms';
import type { ObjectMeta } from '../types';
import { writeTemp } from '../write-temp';
import { el, isoDate, xmlDocument } from '../xml';
import { checksumXml } from './multipart-xml';

export interface CopySource {
  bucket: string;
  key: string;
  meta: ObjectMeta;
}

/** Resolves and checks x-amz-copy-source: bucket, key, the caller's right to read it, the copy-source preconditions. */
export function resolveCopySource(call: S3Call): CopySource {
  const raw = header(call.req, 'x-amz-copy-source') ?? '';
  const [pathPart = '', query = ''] = raw.split('?');
  const decoded = safeDecode(pathPart.replace(/^\//, ''));
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) {
    throw s3Error('InvalidArgument', 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey', {
      ArgumentName: 'x-amz-copy-source',
      ArgumentValue: raw,
    });
  }
  const bucket = decoded.slice(0, slash);
  const key = decoded.slice(slash + 1);
  if (!call.deps.buckets.get(bucket)) throw s3Error('NoSuchBucket', undefined, { BucketName: bucket });
  call.require('s3:GetObject', objectArn(bucket, key));
  const meta = call.deps.store.index(bucket).get(key);
  const versionId = new URLSearchParams(query).get('versionId');
  if (!meta || (versionId !== null && (meta.versionId ?? 'null') !== versionId)) {
    if (versionId !== null && meta) throw s3Error('NoSuchVersion', undefined, { Key: key, VersionId: versionId });
    throw call.allowed('s3:ListBucket', bucketArn(bucket))
      ? s3Error('NoSuchKey', undefined, { Key: key })
      : s3Error('AccessDenied');
  }
  // For copies, a 304 condition is a failed precondition too.
  const condition = readPrecondition((name) => header(call.req, name), meta, 'x-amz-copy-source-');
  if (condition !== 'ok')
    throw s3Error('PreconditionFailed', undefined, {
      Condition:
        condition === 'not-modified' ? 'x-amz-copy-source-If-None-Match' : `x-amz-copy-source-${condition.failed}`,
    });
  requireKmsAccess(call, 'kms:Decrypt', bucket, key, meta.sse);
  return { bucket, key, meta };
}

export async function copyObject(call: S3Call): Promise<void> {
  const { store } = call.deps;
  checkKey(call.key);
  const source = resolveCopySource(call);
  const directive = (header(call.req, 'x-amz-metadata-directive') ?? 'COPY').toUpperCase();
  if (directive !== 'COPY' && directive !== 'REPLACE') {
    throw s3Error('InvalidArgument', 'Unknown metadata directive.', {
      ArgumentName: 'x-amz-metadata-directive',
      ArgumentValue: directive,
    });
  }
  const requestedRaw = header(call.req, 'x-amz-checksum-algorithm');
  const requestedAlgorithm = parseChecksumAlgorithm(requestedRaw);
  if (requestedRaw !== undefined && !requestedAlgorithm)
    throw s3Error('InvalidRequest', 'Checksum algorithm provided is unsupported.');
  const changesSomething =
    directive === 'REPLACE' ||
    header(call.req, 'x-amz-server-side-encryption') !== undefined ||
    header(call.req, 'x-amz-storage-class') !== undefined ||
    requestedAlgorithm !== undefined;
  if (source.bucket === call.bucket.name && source.key === call.key && !changesSomething) {
    throw s3Error(
      'InvalidRequest',
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  }
  checkWritePrecondition(call, store.index(call.bucket.name).get(call.key));
  const sse = sseFor(call);
  requireKmsAccess(call, 'kms:GenerateDataKey', call.bucket.name, call.key, sse);

  const src = source.meta;
  // A plain file copy when nothing new must be computed; otherwise stream and hash
  // (a copy of a multipart object is a single-part object with an MD5 ETag).
  const algorithm = requestedAlgorithm ?? (src.checksum?.type === 'COMPOSITE' ? src.checksum.algorithm : undefined);
  let tempFile: string;
  let etag = src.etag;
  let checksum = src.checksum?.type === 'FULL_OBJECT' && !requestedAlgorithm ? src.checksum : undefined;
  if (algorithm !== undefined || src.parts) {
    const written = await writeTemp(
      store,
      [{ path: store.dataPath(source.bucket, src.file) }],
      algorithm ? [algorithm] : [],
    );
    tempFile = written.tempFile;
    etag = written.md5Hex;
    if (algorithm) checksum = { algorithm, value: written.checksums[algorithm]!, type: 'FULL_OBJECT' };
  } else {
    tempFile = await store.copyToTemp(source.bucket, src);
  }
  try {
    checkWritePrecondition(call, store.index(call.bucket.name).get(call.key));
  } catch (error) {
    await store.discard(tempFile);
    throw error;
  }
  const file = store.newFileId();
  store.place(tempFile, call.bucket.name, file);
  const base =
    directive === 'COPY'
      ? { ...pickContent(src), userMetadata: src.userMetadata }
      : { ...contentHeadersOf(call.req), userMetadata: userMetadataOf(call.req) };
  const meta: ObjectMeta = { key: call.key, size: src.size, etag, lastModified: nowSeconds(call), file, ...base, sse };
  if (checksum) meta.checksum = checksum;
  const versionId = newVersionId(call);
  if (versionId) meta.versionId = versionId;
  store.commit(call.bucket.name, meta);
  call.entry.objectSize = meta.size;
  const xml = xmlDocument(
    'CopyObjectResult',
    `${el('LastModified', isoDate(meta.lastModified))}${el('ETag', `"${etag}"`)}${checksumXml(meta.checksum)}`,
  );
  sendXml(call, 200, xml, {
    ...sseHeaders(sse),
    ...(src.versionId ? { 'x-amz-copy-source-version-id': src.versionId } : {}),
    ...(versionId ? { 'x-amz-version-id': versionId } : {}),
  });
}

function pickContent(
  meta: ObjectMeta,
): Omit<ObjectMeta, 'key' | 'size' | 'etag' | 'lastModified' | 'file' | 'userMetadata'> {
  const { contentType, contentEncoding, contentDisposition, contentLanguage, cacheControl, expires } = meta;
  const out: ReturnType<typeof pickContent> = { contentType };
  if (contentEncoding) out.contentEncoding = contentEncoding;
  if (contentDisposition) out.contentDisposition = contentDisposition;
  if (contentLanguage) out.contentLanguage = contentLanguage;
  if (cacheControl) out.cacheControl = cacheControl;
  if (expires) out.expires = expires;
  return out;
}

/** x-amz-copy-source-range "bytes=first-last", inside the source. */
export function copyRange(call: S3Call, size: number): { start: number; end: number } | undefined {
  const value = header(call.req, 'x-amz-copy-source-range');
  if (value === undefined) return undefined;
  const m = /^bytes=(\d+)-(\d+)$/.exec(value.trim());
  if (!m || Number(m[1]) > Number(m[2]) || Number(m[2]) >= size) {
    throw s3Error('InvalidArgument', `Range specified is not valid for source object of size: ${size}`, {
      ArgumentName: 'x-amz-copy-source-range',
      ArgumentValue: value,
    });
  }
  return { start: Number(m[1]), end: Number(m[2]) };
}

/** Opens the source data for a ranged copy. */
export async function openSource(call: S3Call, source: CopySource): Promise<FileHandle> {
  const handle = await call.deps.store.openData(source.bucket, source.meta);
  if (!handle) throw s3Error('NoSuchKey', undefined, { Key: source.key });
  return handle;
}
