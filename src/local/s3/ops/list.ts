/** ListBuckets, ListObjectsV2 and ListObjects (v1): prefix, delimiter, pagination, url encoding. */
import { sendXml, type S3Call } from '../call';
import { s3Error } from '../errors';
import type { SortedKeys } from '../key-order';
import type { BucketIndex } from '../object-index';
import type { ObjectMeta } from '../types';
import { el, isoDate, wrap, xmlDocument } from '../xml';

interface Page {
  contents: ObjectMeta[];
  prefixes: string[];
  truncated: boolean;
  /** The last key or common prefix returned: where the next page starts after. */
  last?: { value: string; isPrefix: boolean };
}

/**
 * Walks the sorted keys from just after `after`, grouping keys that contain the
 * delimiter after the prefix into common prefixes (each counted once against
 * max-keys), skipping a whole common prefix with one binary search.
 */
function listPage(
  index: BucketIndex,
  prefix: string,
  delimiter: string,
  after: { value: string; isPrefix: boolean } | undefined,
  maxKeys: number,
): Page {
  const keys: SortedKeys = index.keys;
  let i = after === undefined ? keys.lowerBound(prefix) : keys.upperBound(after.value);
  if (after?.isPrefix) i = keys.endOfPrefix(after.value, i);
  i = Math.max(i, keys.lowerBound(prefix));
  const page: Page = { contents: [], prefixes: [], truncated: false };
  let count = 0;
  while (i < keys.size) {
    const key = keys.at(i)!;
    if (!key.startsWith(prefix)) break;
    if (count >= maxKeys) {
      page.truncated = true;
      break;
    }
    const cut = delimiter === '' ? -1 : key.indexOf(delimiter, prefix.length);
    if (cut !== -1) {
      const common = key.slice(0, cut + delimiter.length);
      page.prefixes.push(common);
      page.last = { value: common, isPrefix: true };
      i = keys.endOfPrefix(common, i);
    } else {
      page.contents.push(index.get(key)!);
      page.last = { value: key, isPrefix: false };
      i++;
    }
    count++;
  }
  return page;
}

/** encoding-type=url: S3 form-encodes names in the response (spaces as '+', slashes kept). */
function encoder(call: S3Call): (value: string) => string {
  const type = call.r.params.get('encoding-type');
  if (type === undefined) return (v) => v;
  if (type !== 'url')
    throw s3Error('InvalidArgument', 'Invalid Encoding Method specified in Request', {
      ArgumentName: 'encoding-type',
      ArgumentValue: type,
    });
  return (v) => encodeURIComponent(v).replace(/%2F/g, '/').replace(/%20/g, '+');
}

function maxKeysOf(call: S3Call): number {
  const raw = call.r.params.get('max-keys');
  if (raw === undefined) return 1000;
  if (!/^\d+$/.test(raw))
    throw s3Error('InvalidArgument', 'Provided max-keys not an integer or within integer range', {
      ArgumentName: 'max-keys',
      ArgumentValue: raw,
    });
  return Math.min(Number(raw), 1000);
}

function ownerXml(call: S3Call): string {
  return wrap('Owner', el('ID', call.deps.canonicalId));
}

function contentXml(call: S3Call, meta: ObjectMeta, encode: (v: string) => string, withOwner: boolean): string {
  return wrap(
    'Contents',
    `${el('Key', encode(meta.key))}${el('LastModified', isoDate(meta.lastModified))}${el('ETag', `"${meta.etag}"`)}${meta.checksum ? `${el('ChecksumAlgorithm', meta.checksum.algorithm)}${el('ChecksumType', meta.checksum.type)}` : ''}${el('Size', meta.size)}${withOwner ? ownerXml(call) : ''}${el('StorageClass', 'STANDARD')}`,
  );
}

function prefixesXml(prefixes: string[], encode: (v: string) => string): string {
  return prefixes.map((p) => wrap('CommonPrefixes', el('Prefix', encode(p)))).join('');
}

/** Continuation tokens are opaque to clients: the last name returned, base64url'd, with its kind. */
function encodeToken(last: { value: string; isPrefix: boolean }): string {
  return Buffer.from(JSON.stringify([last.isPrefix ? 1 : 0, last.value]), 'utf8').toString('base64url');
}

function decodeToken(token: string): { value: string; isPrefix: boolean } {
  try {
    const [kind, value] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as [number, string];
    if (typeof value !== 'string') throw new Error('bad token');
    return { value, isPrefix: kind === 1 };
  } catch {
    throw s3Error('InvalidArgument', 'The continuation token provided is incorrect', {
      ArgumentName: 'continuation-token',
    });
  }
}

export async function listObjectsV2(call: S3Call): Promise<void> {
  const p = call.r.params;
  const prefix = p.get('prefix') ?? '';
  const delimiter = p.get('delimiter') ?? '';
  const maxKeys = maxKeysOf(call);
  const encode = encoder(call);
  const token = p.get('continuation-token');
  const startAfter = p.get('start-after');
  let after =
    token !== undefined ? decodeToken(token) : startAfter ? { value: startAfter, isPrefix: false } : undefined;
  if (token !== undefined && startAfter && startAfter > after!.value) after = { value: startAfter, isPrefix: false };
  const page = listPage(call.deps.store.index(call.bucket.name), prefix, delimiter, after, maxKeys);
  const withOwner = p.get('fetch-owner') === 'true';
  const xml = xmlDocument(
    'ListBucketResult',
    `${el('Name', call.bucket.name)}${el('Prefix', encode(prefix))}${delimiter ? el('Delimiter', encode(delimiter)) : ''}${el('MaxKeys', maxKeys)}${p.has('encoding-type') ? el('EncodingType', 'url') : ''}${el('KeyCount', page.contents.length + page.prefixes.length)}${token !== undefined ? el('ContinuationToken', token) : ''}${startAfter ? el('StartAfter', encode(startAfter)) : ''}${el('IsTruncated', page.truncated)}${page.truncated && page.last ? el('NextContinuationToken', encodeToken(page.last)) : ''}${page.contents.map((m) => contentXml(call, m, encode, withOwner)).join('')}${prefixesXml(page.prefixes, encode)}`,
  );
  sendXml(call, 200, xml);
}

export async function listObjects(call: S3Call): Promise<void> {
  const p = call.r.params;
  const prefix = p.get('prefix') ?? '';
  const delimiter = p.get('delimiter') ?? '';
  const marker = p.get('marker') ?? '';
  const maxKeys = maxKeysOf(call);
  const encode = encoder(call);
  // A v1 marker is a plain key; a marker equal to a common prefix skips that prefix, as S3 does.
  const after = marker ? { value: marker, isPrefix: delimiter !== '' && marker.endsWith(delimiter) } : undefined;
  const page = listPage(call.deps.store.index(call.bucket.name), prefix, delimiter, after, maxKeys);
  // NextMarker only comes with a delimiter; without one clients continue from the last key.
  const nextMarker = page.truncated && delimiter && page.last ? el('NextMarker', encode(page.last.value)) : '';
  const xml = xmlDocument(
    'ListBucketResult',
    `${el('Name', call.bucket.name)}${el('Prefix', encode(prefix))}${el('Marker', encode(marker))}${nextMarker}${el('MaxKeys', maxKeys)}${delimiter ? el('Delimiter', encode(delimiter)) : ''}${p.has('encoding-type') ? el('EncodingType', 'url') : ''}${el('IsTruncated', page.truncated)}${page.contents.map((m) => contentXml(call, m, encode, true)).join('')}${prefixesXml(page.prefixes, encode)}`,
  );
  sendXml(call, 200, xml);
}

export async function listBuckets(call: S3Call): Promise<void> {
  const buckets = call.deps.buckets
    .list()
    .map((b) =>
      wrap(
        'Bucket',
        `${el('Name', b.name)}${el('CreationDate', isoDate(b.createdAt))}${el('BucketRegion', call.deps.model.region)}`,
      ),
    )
    .join('');
  const xml = xmlDocument('ListAllMyBucketsResult', `${wrap('Buckets', buckets)}${ownerXml(call)}`);
  sendXml(call, 200, xml);
}
