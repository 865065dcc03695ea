/**
 * Small XML helpers: S3 responses are written by hand (fast, exact element
 * order); request documents are parsed with fast-xml-parser.
 */
import { XMLParser } from 'fast-xml-parser';
import { s3Error } from './errors';

const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

export function escapeXml(value: string): string {
  return value.replace(
    /[&<>"'\r]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' })[c] as string,
  );
}

/** <name>escaped value</name>; undefined values produce nothing, so optional elements are easy. */
export function el(name: string, value: string | number | boolean | undefined | null): string {
  if (value === undefined || value === null) return '';
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** <name>children</name> with already-built XML children. */
export function wrap(name: string, children: string): string {
  return `<${name}>${children}</${name}>`;
}

/** A whole response document with S3's namespace on the root element. */
export function xmlDocument(root: string, children: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${S3_NS}">${children}</${root}>`;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  // Numeric character references too: Go's encoding/xml (rclone, the AWS SDK for Go) writes the
  // quotes of every ETag in CompleteMultipartUpload as &#34;, and S3 reads them as quotes.
  htmlEntities: true,
  // Elements that may repeat are always arrays, so one element and many read alike.
  isArray: (name) =>
    ['Object', 'Part', 'CORSRule', 'Rule', 'AllowedMethod', 'AllowedOrigin', 'AllowedHeader', 'ExposeHeader'].includes(
      name,
    ),
});

/** Parses a request document; anything unparseable is MalformedXML, as S3 says. */
export function parseXml(body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8').trim();
  if (!text.startsWith('<')) throw s3Error('MalformedXML');
  try {
    const doc = parser.parse(text, true) as Record<string, unknown>;
    return doc;
  } catch {
    throw s3Error('MalformedXML');
  }
}

/** S3's timestamp format in XML bodies: ISO 8601 with milliseconds. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString();
}

/** RFC 7231 date for Last-Modified and friends. */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}
