/**
 * Receiving request bodies: streamed through the SigV4 payload decoder (which
 * de-chunks and verifies signatures and checksums) into a temporary file,
 * computing the MD5 for the ETag on the way. Memory stays bounded for any size.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Transform, Writable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createChunkedDecoder, type ChecksumAlgorithm, type PayloadMode } from '../sigv4';
import { s3Error, S3Error } from './errors';
import type { ObjectStore } from './store';
import { TempFileSink } from './temp-file-sink';

/** What arrived, once it is complete and verified. */
export interface ReceivedBody {
  tempFile: string;
  size: number;
  md5Hex: string;
  /** base64 checksums computed over the decoded bytes. */
  checksums: Partial<Record<ChecksumAlgorithm, string>>;
  /** The checksum the client sent (header or trailer), already verified. */
  declared?: { algorithm: ChecksumAlgorithm; value: string };
}

/** Counts and MD5-hashes the decoded bytes; refuses more than `limit`. */
class Meter extends Transform {
  size = 0;
  private readonly md5 = createHash('md5');

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _e: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.limit) {
      callback(s3Error('EntityTooLarge', undefined, { MaxSizeAllowed: String(this.limit) }));
      return;
    }
    this.md5.update(chunk);
    callback(null, chunk);
  }

  digest(): string {
    return this.md5.digest('hex');
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/**
 * Feeds the request into `first` without letting a failure destroy the request:
 * pipeline() would destroy the socket mid-body and the client would see a reset
 * instead of S3's error document. On failure the rest of the body is discarded
 * and the caller answers (with Connection: close).
 */
async function pump(req: IncomingMessage, first: Transform, rest: () => Promise<void>): Promise<void> {
  const onAbort = (): void => {
    if (!req.complete) first.destroy(new Error('The client closed the connection before sending the whole body.'));
  };
  req.once('close', onAbort);
  req.once('error', onAbort);
  req.pipe(first);
  try {
    await rest();
  } catch (error) {
    req.unpipe(first);
    req.resume();
    throw error;
  } finally {
    req.off('close', onAbort);
    req.off('error', onAbort);
  }
}

/** S3 wants a length up front (plain Content-Length, or x-amz-decoded-content-length for aws-chunked). */
export function requireLength(req: IncomingMessage, payload: PayloadMode): void {
  const streaming = payload.kind === 'streaming-signed' || payload.kind === 'streaming-unsigned-trailer';
  if (
    streaming
      ? header(req, 'x-amz-decoded-content-length') === undefined && header(req, 'content-length') === undefined
      : header(req, 'content-length') === undefined
  ) {
    throw s3Error('MissingContentLength');
  }
}

/** The Content-MD5 header as 16 bytes, or InvalidDigest. */
function contentMd5(req: IncomingMessage): string | undefined {
  const value = header(req, 'content-md5');
  if (value === undefined) return undefined;
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length !== 16 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value.trim())) throw s3Error('InvalidDigest');
  return bytes.toString('hex');
}

/**
 * Streams the request body into a temporary file of `store`. Throws S3Error or
 * SigV4Error (BadDigest, XAmzContentSHA256Mismatch, EntityTooLarge, …) after
 * removing the temporary file; the caller places or discards a success.
 */
export async function receiveToFile(
  req: IncomingMessage,
  payload: PayloadMode,
  store: ObjectStore,
  options: { limit: number; computeChecksums?: ChecksumAlgorithm[] },
): Promise<ReceivedBody> {
  const expectedMd5 = contentMd5(req);
  const decoder = createChunkedDecoder(payload, req.headers, { computeChecksums: options.computeChecksums });
  const meter = new Meter(options.limit);
  const tempFile = store.tempFile();
  try {
    await pump(req, decoder, () => pipeline(decoder, meter, new TempFileSink(tempFile)));
    const md5Hex = meter.digest();
    if (expectedMd5 !== undefined && expectedMd5 !== md5Hex) throw s3Error('BadDigest');
    return { tempFile, size: meter.size, md5Hex, checksums: decoder.checksums, declared: decoder.declaredChecksum };
  } catch (error) {
    await store.discard(tempFile);
    throw error;
  }
}

/** Reads a small request body (XML, JSON policy) into memory, verified the same way. */
export async function receiveSmall(
  req: IncomingMessage,
  payload: PayloadMode,
  limit: number,
): Promise<{ body: Buffer; md5Hex: string; declared?: { algorithm: ChecksumAlgorithm; value: string } }> {
  const expectedMd5 = contentMd5(req);
  const decoder = createChunkedDecoder(payload, req.headers);
  const meter = new Meter(limit);
  const chunks: Buffer[] = [];
  await pump(req, decoder, () =>
    pipeline(
      decoder,
      meter,
      new Writable({
        write(chunk: Buffer, _e, callback) {
          chunks.push(chunk);
          callback();
        },
      }),
    ),
  ).catch((error: unknown) => {
    // A body over the limit is a malformed request here, not an oversized object.
    if (error instanceof S3Error && error.code === 'EntityTooLarge')
      throw s3Error('MalformedXML', 'The request body is too large.');
    throw error;
  });
  const md5Hex = meter.digest();
  if (expectedMd5 !== undefined && expectedMd5 !== md5Hex) throw s3Error('BadDigest');
  return { body: Buffer.concat(chunks), md5Hex, declared: decoder.declaredChecksum };
}
