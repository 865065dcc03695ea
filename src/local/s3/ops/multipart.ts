/**
 * Multipart uploads: create, upload part (and part copy), complete, abort,
 * list uploads, list parts. Parts live in their own files until completion
 * concatenates them (streamed, bounded memory) into the object's file.
 */
import { createHash } from 'node:crypto';
import {
  algorithmOfHeader,
  createHasher,
  parseChecksumAlgorithm,
  checksumHeaderName,
  type ChecksumAlgorithm,
} from '../../sigv4';
import { receiveSmall, receiveToFile, requireLength } from '../body';
import { header, sendEmpty, sendXml, type S3Call } from '../call';
import { s3Error } from '../errors';
import type { PartRecord, UploadRecord } from '../multipart-store';
import {
  checkKey,
  checkWritePrecondition,
  contentHeadersOf,
  newVersionId,
  nowSeconds,
  sseFor,
  sseHeaders,
  userMetadataOf,
} from '../object-meta';
import { requireKmsAccess } from '../sse-kms';
import type { ChecksumType, ObjectMeta, StoredChecksum } from '../types';
import { writeTemp } from '../write-temp';
import { el, isoDate, parseXml, wrap, xmlDocument } from '../xml';
import { copyRange, openSource, resolveCopySource } from './copy';
import { checksumElement, checksumXml, partChecksumsXml } from './multipart-xml';
import { MAX_SINGLE_PUT } from './objects';

const MIN_PART_SIZE = 5 * 1024 * 1024;
const MAX_PARTS = 10_000;

function ownerXml(call: S3Call): string {
  return wrap('Owner', el('ID', call.deps.canonicalId));
}

function initiatorXml(record: UploadRecord): string {
  return wrap('Initiator', `${el('ID', record.initiator)}${el('DisplayName', record.initiator)}`);
}

/** The upload named by ?uploadId, for this bucket and key; NoSuchUpload otherwise. */
function uploadOf(call: S3Call): { record: UploadRecord; parts: Map<number, PartRecord> } {
  const uploadId = call.r.params.get('uploadId') ?? '';
  const upload = call.deps.uploads.get(uploadId);
  if (!upload || upload.record.bucket !== call.bucket.name || upload.record.key !== call.key) {
    throw s3Error('NoSuchUpload', undefined, { UploadId: uploadId });
  }
  return upload;
}

function partNumberOf(call: S3Call): number {
  const raw = call.r.params.get('partNumber') ?? '';
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > MAX_PARTS) {
    throw s3Error('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive', {
      ArgumentName: 'partNumber',
      ArgumentValue: raw,
    });
  }
  return n;
}

export async function createMultipartUpload(call: S3Call): Promise<void> {
  checkKey(call.key);
  const algorithmRaw = header(call.req, 'x-amz-checksum-algorithm');
  const algorithm = parseChecksumAlgorithm(algorithmRaw);
  if (algorithmRaw !== undefined && !algorithm)
    throw s3Error(
      'InvalidRequest',
      'Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]',
    );
  const typeRaw = header(call.req, 'x-amz-checksum-type')?.toUpperCase();
  if (typeRaw !== undefined && typeRaw !== 'COMPOSITE' && typeRaw !== 'FULL_OBJECT')
    throw s3Error('InvalidRequest', `Value for x-amz-checksum-type header is invalid.`);
  if (typeRaw !== undefined && !algorithm)
    throw s3Error(
      'InvalidRequest',
      'The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.',
    );
  // CRC64NVME exists only as a full-object checksum; SHA digests cannot be combined, so only composite.
  const type: ChecksumType | undefined = algorithm
    ? ((typeRaw as ChecksumType | undefined) ?? (algorithm === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE'))
    : undefined;
  if (algorithm === 'CRC64NVME' && type === 'COMPOSITE')
    throw s3Error(
      'InvalidRequest',
      'The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm.',
    );
  if ((algorithm === 'SHA1' || algorithm === 'SHA256') && type === 'FULL_OBJECT') {
    throw s3Error(
      'InvalidRequest',
      `The FULL_OBJECT checksum type cannot be used with the ${algorithm.toLowerCase()} checksum algorithm.`,
    );
  }
  const sse = sseFor(call);
  requireKmsAccess(call, 'kms:GenerateDataKey', call.bucket.name, call.key, sse);
  const record = call.deps.uploads.create({
    bucket: call.bucket.name,
    key: call.key,
    initiated: call.deps.now().getTime(),
    ...contentHeadersOf(call.req),
    userMetadata: userMetadataOf(call.req),
    ...(algorithm ? { checksumAlgorithm: algorithm, checksumType: type } : {}),
    sse,
    initiator: call.principal.arn,
  });
  const xml = xmlDocument(
    'InitiateMultipartUploadResult',
    `${el('Bucket', call.bucket.name)}${el('Key', call.key)}${el('UploadId', record.uploadId)}`,
  );
  sendXml(call, 200, xml, {
    ...sseHeaders(sse),
    ...(algorithm ? { 'x-amz-checksum-algorithm': algorithm, 'x-amz-checksum-type': type } : {}),
  });
}

/** The algorithm a part request declares (header, trailer or SDK header). */
function declaredAlgorithm(call: S3Call): ChecksumAlgorithm | undefined {
  for (const name of Object.keys(call.req.headers)) {
    const a = algorithmOfHeader(name);
    if (a) return a;
  }
  const trailer = header(call.req, 'x-amz-trailer');
  if (trailer) return algorithmOfHeader(trailer.trim());
  return parseChecksumAlgorithm(header(call.req, 'x-amz-sdk-checksum-algorithm'));
}

function partResponseHeaders(upload: UploadRecord, part: PartRecord): Record<string, string> {
  const headers: Record<string, string> = { ETag: `"${part.etag}"` };
  for (const [a, v] of Object.entries(part.checksums)) if (v) headers[checksumHeaderName(a as ChecksumAlgorithm)] = v;
  Object.assign(headers, sseHeaders(upload.sse) as Record<string, string>);
  return headers;
}

export async function uploadPart(call: S3Call): Promise<void> {
  const partNumber = partNumberOf(call);
  const upload = uploadOf(call);
  requireLength(call.req, call.verified.payload);
  const expected = upload.record.checksumAlgorithm;
  const declared = declaredAlgorithm(call);
  if (expected && declared && declared !== expected) {
    throw s3Error(
      'InvalidRequest',
      `Checksum Type mismatch occurred, expected checksum Type: ${expected.toLowerCase()}, actual checksum Type: ${declared.toLowerCase()}`,
    );
  }
  const body = await receiveToFile(call.req, call.verified.payload, call.deps.store, {
    limit: MAX_SINGLE_PUT,
    computeChecksums: expected ? [expected] : [],
  });
  const checksums: PartRecord['checksums'] = {};
  if (expected) checksums[expected] = body.checksums[expected];
  if (body.declared) checksums[body.declared.algorithm] = body.declared.value;
  const part = call.deps.uploads.putPart(upload.record.uploadId, body.tempFile, {
    partNumber,
    etag: body.md5Hex,
    size: body.size,
    lastModified: nowSeconds(call),
    checksums,
  });
  if (!part) {
    await call.deps.store.discard(body.tempFile);
    throw s3Error('NoSuchUpload', undefined, { UploadId: upload.record.uploadId });
  }
  call.entry.objectSize = part.size;
  sendEmpty(call, 200, partResponseHeaders(upload.record, part));
}

export async function uploadPartCopy(call: S3Call): Promise<void> {
  const partNumber = partNumberOf(call);
  const upload = uploadOf(call);
  const source = resolveCopySource(call);
  const range = copyRange(call, source.meta.size);
  const expected = upload.record.checksumAlgorithm;
  const handle = await openSource(call, source);
  let written;
  try {
    written = await writeTemp(
      call.deps.store,
      [{ handle, start: range?.start ?? 0, end: range?.end ?? source.meta.size - 1 }],
      expected ? [expected] : [],
    );
  } finally {
    await handle.close();
  }
  const part = call.deps.uploads.putPart(upload.record.uploadId, written.tempFile, {
    partNumber,
    etag: written.md5Hex,
    size: written.size,
    lastModified: nowSeconds(call),
    checksums: expected ? { [expected]: written.checksums[expected] } : {},
  });
  if (!part) {
    await call.deps.store.discard(written.tempFile);
    throw s3Error('NoSuchUpload', undefined, { UploadId: upload.record.uploadId });
  }
  const xml = xmlDocument(
    'CopyPartResult',
    `${el('LastModified', isoDate(part.lastModified))}${el('ETag', `"${part.etag}"`)}${partChecksumsXml(part.checksums)}`,
  );
  sendXml(call, 200, xml, {
    ...sseHeaders(upload.record.sse),
    ...(source.meta.versionId ? { 'x-amz-copy-source-version-id': source.meta.versionId } : {}),
  });
}

interface RequestedPart {
  partNumber: number;
  etag: string;
  checksums: Partial<Record<ChecksumAlgorithm, string>>;
}

function requestedParts(doc: Record<string, unknown>): RequestedPart[] {
  const root = doc.CompleteMultipartUpload as { Part?: Array<Record<string, unknown>> } | undefined;
  if (!root || typeof root !== 'object') throw s3Error('MalformedXML');
  const parts = root.Part ?? [];
  if (parts.length === 0)
    throw s3Error(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
    );
  return parts.map((p) => {
    const n = Number(p.PartNumber);
    if (!Number.isInteger(n) || typeof p.ETag !== 'string') throw s3Error('MalformedXML');
    const checksums: RequestedPart['checksums'] = {};
    for (const a of ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const) {
      const v = p[checksumElement(a)];
      if (typeof v === 'string') checksums[a] = v.trim();
    }
    return { partNumber: n, etag: p.ETag.trim().replace(/^"|"$/g, ''), checksums };
  });
}

export async function completeMultipartUpload(call: S3Call): Promise<void> {
  const { store, uploads } = call.deps;
  const upload = uploadOf(call);
  const record = upload.record;
  const { body } = await receiveSmall(call.req, call.verified.payload, 4 * 1024 * 1024);
  const wanted = requestedParts(parseXml(body));

  // The list's order first, then each part, then sizes: the order S3 reports problems in.
  for (let i = 1; i < wanted.length; i++)
    if (wanted[i]!.partNumber <= wanted[i - 1]!.partNumber) throw s3Error('InvalidPartOrder');
  const chosen: PartRecord[] = [];
  for (const w of wanted) {
    const stored = upload.parts.get(w.partNumber);
    if (!stored || stored.etag !== w.etag)
      throw s3Error('InvalidPart', undefined, {
        UploadId: record.uploadId,
        PartNumber: String(w.partNumber),
        ETag: w.etag,
      });
    for (const [a, v] of Object.entries(w.checksums)) {
      const have = stored.checksums[a as ChecksumAlgorithm];
      if (have !== undefined && have !== v)
        throw s3Error(
          'InvalidPart',
          `The ${a.toLowerCase()} you specified for part ${w.partNumber} did not match what we received.`,
          { PartNumber: String(w.partNumber) },
        );
    }
    chosen.push(stored);
  }
  for (const [i, p] of chosen.entries()) {
    if (i < chosen.length - 1 && p.size < MIN_PART_SIZE) {
      throw s3Error('EntityTooSmall', undefined, {
        ProposedSize: String(p.size),
        MinSizeAllowed: String(MIN_PART_SIZE),
        PartNumber: String(p.partNumber),
        ETag: p.etag,
      });
    }
  }
  checkWritePrecondition(call, store.index(call.bucket.name).get(call.key));
  requireKmsAccess(call, 'kms:Decrypt', call.bucket.name, call.key, record.sse);

  const algorithm = record.checksumAlgorithm;
  const fullObject = algorithm !== undefined && record.checksumType === 'FULL_OBJECT';
  const written = await writeTemp(
    store,
    chosen.map((p) => ({ path: uploads.partPath(record.uploadId, p.file) })),
    fullObject ? [algorithm] : [],
    false,
  );

  // ETag of a multipart object: md5 of the parts' binary md5s, then "-<count>".
  const md5s = createHash('md5');
  for (const p of chosen) md5s.update(Buffer.from(p.etag, 'hex'));
  const etag = `${md5s.digest('hex')}-${chosen.length}`;
  let checksum: StoredChecksum | undefined;
  if (algorithm) {
    if (fullObject) {
      checksum = { algorithm, value: written.checksums[algorithm]!, type: 'FULL_OBJECT' };
    } else {
      // Composite: the checksum of the concatenated part checksums, then "-<count>".
      const h = createHasher(algorithm);
      for (const p of chosen) {
        const v = p.checksums[algorithm];
        if (v === undefined) {
          await store.discard(written.tempFile);
          throw s3Error(
            'InvalidRequest',
            `The upload was created using a ${algorithm.toLowerCase()} checksum. The complete request must include the checksum for each part. It was missing for part ${p.partNumber} in the request.`,
          );
        }
        h.update(Buffer.from(v, 'base64'));
      }
      checksum = { algorithm, value: `${h.digest().toString('base64')}-${chosen.length}`, type: 'COMPOSITE' };
    }
    const claimed = header(call.req, checksumHeaderName(algorithm));
    if (claimed !== undefined && claimed !== checksum.value) {
      await store.discard(written.tempFile);
      throw s3Error('BadDigest', `The ${algorithm.toLowerCase()} you specified did not match the calculated checksum.`);
    }
  }
  try {
    checkWritePrecondition(call, store.index(call.bucket.name).get(call.key));
    if (!uploads.get(record.uploadId)) throw s3Error('NoSuchUpload', undefined, { UploadId: record.uploadId });
  } catch (error) {
    await store.discard(written.tempFile);
    throw error;
  }
  const file = store.newFileId();
  store.place(written.tempFile, call.bucket.name, file);
  const {
    uploadId: _u,
    bucket: _b,
    key: _k,
    initiated: _i,
    checksumAlgorithm: _a,
    checksumType: _t,
    initiator: _in,
    sse,
    ...content
  } = record;
  const meta: ObjectMeta = {
    ...content,
    key: call.key,
    size: written.size,
    etag,
    lastModified: nowSeconds(call),
    file,
    parts: chosen.length,
    sse,
  };
  if (checksum) meta.checksum = checksum;
  const versionId = newVersionId(call);
  if (versionId) meta.versionId = versionId;
  store.commit(call.bucket.name, meta);
  await uploads.remove(record.uploadId);
  call.entry.objectSize = meta.size;
  const host = header(call.req, 'host') ?? '127.0.0.1';
  const location = `http://${host}/${encodeURIComponent(call.bucket.name)}/${encodeURIComponent(call.key).replace(/%2F/g, '/')}`;
  const xml = xmlDocument(
    'CompleteMultipartUploadResult',
    `${el('Location', location)}${el('Bucket', call.bucket.name)}${el('Key', call.key)}${el('ETag', `"${etag}"`)}${checksumXml(checksum)}`,
  );
  sendXml(call, 200, xml, { ...sseHeaders(sse), ...(versionId ? { 'x-amz-version-id': versionId } : {}) });
}

export async function abortMultipartUpload(call: S3Call): Promise<void> {
  const upload = uploadOf(call);
  await call.deps.uploads.remove(upload.record.uploadId);
  sendEmpty(call, 204);
}

function maxParam(call: S3Call, name: string, fallback: number): number {
  const raw = call.r.params.get(name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw))
    throw s3Error('InvalidArgument', `Provided ${name} not an integer or within integer range`, {
      ArgumentName: name,
      ArgumentValue: raw,
    });
  return Math.min(Number(raw), 1000);
}

export async function listMultipartUploads(call: S3Call): Promise<void> {
  const prefix = call.r.params.get('prefix') ?? '';
  const keyMarker = call.r.params.get('key-marker') ?? '';
  const uploadIdMarker = call.r.params.get('upload-id-marker') ?? '';
  const max = maxParam(call, 'max-uploads', 1000);
  const all = call.deps.uploads
    .list(call.bucket.name)
    .filter((u) => u.key.startsWith(prefix))
    .filter(
      (u) =>
        !keyMarker ||
        u.key > keyMarker ||
        (u.key === keyMarker && uploadIdMarker !== '' && u.uploadId > uploadIdMarker),
    )
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.initiated - b.initiated));
  const page = all.slice(0, max);
  const truncated = all.length > page.length;
  const lastOne = page[page.length - 1];
  const uploadsXml = page
    .map((u) =>
      wrap(
        'Upload',
        `${el('Key', u.key)}${el('UploadId', u.uploadId)}${initiatorXml(u)}${ownerXml(call)}${el('StorageClass', 'STANDARD')}${el('Initiated', isoDate(u.initiated))}${el('ChecksumAlgorithm', u.checksumAlgorithm)}${el('ChecksumType', u.checksumType)}`,
      ),
    )
    .join('');
  const xml = xmlDocument(
    'ListMultipartUploadsResult',
    `${el('Bucket', call.bucket.name)}${el('KeyMarker', keyMarker)}${el('UploadIdMarker', uploadIdMarker)}${truncated && lastOne ? `${el('NextKeyMarker', lastOne.key)}${el('NextUploadIdMarker', lastOne.uploadId)}` : ''}${el('Prefix', prefix)}${el('MaxUploads', max)}${el('IsTruncated', truncated)}${uploadsXml}`,
  );
  sendXml(call, 200, xml);
}

export async function listParts(call: S3Call): Promise<void> {
  const upload = uploadOf(call);
  const marker = Number(call.r.params.get('part-number-marker') ?? '0') || 0;
  const max = maxParam(call, 'max-parts', 1000);
  const all = [...upload.parts.values()]
    .filter((p) => p.partNumber > marker)
    .sort((a, b) => a.partNumber - b.partNumber);
  const page = all.slice(0, max);
  const truncated = all.length > page.length;
  const r = upload.record;
  const partsXml = page
    .map((p) =>
      wrap(
        'Part',
        `${el('PartNumber', p.partNumber)}${el('LastModified', isoDate(p.lastModified))}${el('ETag', `"${p.etag}"`)}${el('Size', p.size)}${partChecksumsXml(p.checksums)}`,
      ),
    )
    .join('');
  const xml = xmlDocument(
    'ListPartsResult',
    `${el('Bucket', r.bucket)}${el('Key', r.key)}${el('UploadId', r.uploadId)}${el('PartNumberMarker', marker)}${truncated ? el('NextPartNumberMarker', page[page.length - 1]!.partNumber) : ''}${el('MaxParts', max)}${el('IsTruncated', truncated)}${partsXml}${initiatorXml(r)}${ownerXml(call)}${el('StorageClass', 'STANDARD')}${el('ChecksumAlgorithm', r.checksumAlgorithm)}${el('ChecksumType', r.checksumType)}`,
  );
  sendXml(call, 200, xml);
}
