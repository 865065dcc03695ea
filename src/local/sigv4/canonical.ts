/**
 * The canonical request of Signature Version 4, built from the request as it
 * arrived on the wire, the way AWS builds it on its side.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ as %XX (uppercase). */
export function uriEncode(value: string, encodeSlash = true): string {
  let out = encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  if (!encodeSlash) out = out.replace(/%2F/g, '/');
  return out;
}

/** Percent-decoding that never throws: a malformed escape is kept as it came. */
export function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** One query parameter as received: raw (still encoded) and decoded. */
export interface QueryParam {
  rawKey: string;
  rawValue: string;
  key: string;
  value: string;
}

/** Splits a raw query string ("a=1&b") into its parameters, in order. '+' is not a space here: SigV4 clients encode spaces as %20. */
export function parseRawQuery(rawQuery: string): QueryParam[] {
  const params: QueryParam[] = [];
  if (!rawQuery) return params;
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawKey = eq === -1 ? part : part.slice(0, eq);
    const rawValue = eq === -1 ? '' : part.slice(eq + 1);
    params.push({ rawKey, rawValue, key: safeDecode(rawKey), value: safeDecode(rawValue) });
  }
  return params;
}

/**
 * Canonical query string: every parameter decoded and re-encoded the SigV4 way
 * (so a client that encoded differently still matches), sorted by encoded key
 * then value. `exclude` drops X-Amz-Signature for presigned URLs.
 */
export function canonicalQuery(params: QueryParam[], exclude?: string): string {
  const pairs: Array<[string, string]> = [];
  for (const p of params) {
    if (exclude !== undefined && p.key === exclude) continue;
    pairs.push([uriEncode(p.key), uriEncode(p.value)]);
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

/**
 * Canonical URI. S3 signs the path exactly as sent (no normalization, no second
 * encoding); every other service normalizes dot segments and empty segments and
 * encodes the already-encoded path once more (as the SDKs do with uriEscapePath).
 */
export function canonicalUri(rawPath: string, service: string): string {
  const path = rawPath === '' ? '/' : rawPath;
  if (service === 's3') return path;
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const normalized = `${path.startsWith('/') ? '/' : ''}${segments.join('/')}${segments.length > 0 && path.endsWith('/') ? '/' : ''}`;
  return uriEncode(normalized, false);
}

/** Header value as SigV4 canonicalizes it: repeated headers joined by ',', trimmed, inner whitespace runs collapsed. */
function canonicalHeaderValue(value: string | string[] | undefined): string {
  if (value === undefined) return '';
  const joined = Array.isArray(value) ? value.map((v) => v.trim()).join(',') : value;
  return joined.trim().replace(/\s+/g, ' ');
}

/** "name:value\n" for each signed header, in the order the client listed them (lowercase, sorted by the client). */
export function canonicalHeaders(headers: IncomingHttpHeaders, signedHeaders: string[]): string {
  let out = '';
  for (const name of signedHeaders) out += `${name}:${canonicalHeaderValue(headers[name])}\n`;
  return out;
}

export interface CanonicalRequestParts {
  method: string;
  uri: string;
  query: string;
  headers: string;
  signedHeaders: string;
  payloadHash: string;
}

export function canonicalRequest(p: CanonicalRequestParts): string {
  return `${p.method}\n${p.uri}\n${p.query}\n${p.headers}\n${p.signedHeaders}\n${p.payloadHash}`;
}
