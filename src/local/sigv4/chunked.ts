/**
 * Reads a request body the way its signature says it was sent: plain (checking
 * the signed sha256 and any x-amz-checksum-* header) or `aws-chunked`
 * (checking each chunk signature, the trailer signature and the trailing
 * checksum). Bytes flow through as they arrive; memory stays bounded whatever
 * the body size. Errors are SigV4Error with S3's codes, raised before the
 * stream ends, so a store that commits only on 'finish' never keeps bad bytes.
 */
import { createHash, type Hash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import {
  algorithmOfHeader,
  checksumHeaderName,
  createHasher,
  isValidChecksumValue,
  parseChecksumAlgorithm,
  type ChecksumAlgorithm,
  type Hasher,
} from './checksums';
import { sigv4Error, SigV4Error } from './errors';
import { EMPTY_SHA256, hmac, sha256Hex, signaturesEqual } from './keys';
import type { PayloadMode } from './verify';

/** Extra work the caller wants done while the bytes pass. */
export interface ChunkedDecoderOptions {
  /** Checksums to compute even if the client sent none (e.g. the algorithm of a multipart upload). */
  computeChecksums?: ChecksumAlgorithm[];
}

/** Chunk header and trailer lines are short; a longer one is an attack or garbage. */
const MAX_LINE = 4096;

type State = 'header' | 'data' | 'data-cr' | 'data-lf' | 'trailer' | 'done';

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/** The decoded-body Transform; read its results after 'finish'/'end'. */
export class PayloadDecoder extends Transform {
  /** Bytes of decoded content seen so far. */
  decodedLength = 0;
  /** base64 checksums of the decoded content, filled when the stream ends. */
  readonly checksums: Partial<Record<ChecksumAlgorithm, string>> = {};
  /** The checksum the client declared (header or trailer), once known. */
  declaredChecksum: { algorithm: ChecksumAlgorithm; value: string } | undefined;
  /** The trailing headers received (lowercase names), e.g. x-amz-checksum-crc32. */
  readonly trailers: Record<string, string> = {};

  private readonly chunked: boolean;
  private readonly hashers = new Map<ChecksumAlgorithm, Hasher>();
  private readonly bodySha: Hash | undefined;
  private readonly expectedDecodedLength: number | undefined;
  private readonly trailerAlgorithm: ChecksumAlgorithm | undefined;
  private state: State = 'header';
  private line = '';
  private remaining = 0;
  private chunkHash: Hash | undefined;
  private chunkSignature = '';
  private previousSignature = '';
  private trailerLines: string[] = [];
  private sawFinalChunk = false;

  constructor(
    private readonly payload: PayloadMode,
    headers: IncomingHttpHeaders,
    options: ChunkedDecoderOptions = {},
  ) {
    super();
    this.chunked = payload.kind === 'streaming-signed' || payload.kind === 'streaming-unsigned-trailer';
    if (payload.kind === 'streaming-signed') this.previousSignature = payload.seedSignature;
    if (payload.kind === 'sha256') this.bodySha = createHash('sha256');

    const decoded = headerValue(headers, 'x-amz-decoded-content-length');
    if (this.chunked && decoded !== undefined) {
      if (!/^\d+$/.test(decoded)) throw sigv4Error('InvalidArgument', 'x-amz-decoded-content-length must be a number.');
      this.expectedDecodedLength = Number(decoded);
    }

    // Which checksum did the client promise, and where?
    const headerChecksums = Object.keys(headers)
      .map((name) => ({ name, algorithm: algorithmOfHeader(name) }))
      .filter((h): h is { name: string; algorithm: ChecksumAlgorithm } => h.algorithm !== undefined);
    if (headerChecksums.length > 1) {
      throw sigv4Error(
        'InvalidRequest',
        'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.',
      );
    }
    const trailerDecl = headerValue(headers, 'x-amz-trailer');
    if (trailerDecl !== undefined) {
      const names = trailerDecl
        .split(',')
        .map((n) => n.trim().toLowerCase())
        .filter(Boolean);
      const algorithms = names.map((n) => algorithmOfHeader(n));
      if (!this.chunked)
        throw sigv4Error('InvalidRequest', 'x-amz-trailer is only allowed with an aws-chunked streaming payload.');
      if (names.length !== 1 || algorithms[0] === undefined) {
        throw sigv4Error(
          'InvalidRequest',
          `The value specified in the x-amz-trailer header is not supported: ${trailerDecl}`,
        );
      }
      if (headerChecksums.length > 0) {
        throw sigv4Error(
          'InvalidRequest',
          'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.',
        );
      }
      this.trailerAlgorithm = algorithms[0];
    } else if (
      payload.kind === 'streaming-unsigned-trailer' ||
      (payload.kind === 'streaming-signed' && payload.trailer)
    ) {
      throw sigv4Error('InvalidRequest', 'x-amz-trailer is required with a STREAMING-*-TRAILER payload.');
    }
    const single = headerChecksums[0];
    if (single) {
      const value = headerValue(headers, single.name) ?? '';
      if (!isValidChecksumValue(single.algorithm, value)) {
        throw sigv4Error('InvalidRequest', `Value for ${single.name} header is invalid.`);
      }
      this.declaredChecksum = { algorithm: single.algorithm, value };
    }
    const sdkAlgorithmRaw = headerValue(headers, 'x-amz-sdk-checksum-algorithm');
    if (sdkAlgorithmRaw !== undefined) {
      const sdkAlgorithm = parseChecksumAlgorithm(sdkAlgorithmRaw);
      if (!sdkAlgorithm)
        throw sigv4Error(
          'InvalidRequest',
          `Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]`,
        );
      if ((single?.algorithm ?? this.trailerAlgorithm) !== sdkAlgorithm) {
        throw sigv4Error(
          'InvalidRequest',
          `x-amz-sdk-checksum-algorithm specified, but no corresponding x-amz-checksum-* or x-amz-trailer headers were found.`,
        );
      }
    }

    const wanted = new Set<ChecksumAlgorithm>(options.computeChecksums ?? []);
    if (single) wanted.add(single.algorithm);
    if (this.trailerAlgorithm) wanted.add(this.trailerAlgorithm);
    for (const algorithm of wanted) this.hashers.set(algorithm, createHasher(algorithm));
  }

  private emitDecoded(data: Buffer): void {
    if (data.length === 0) return;
    this.decodedLength += data.length;
    for (const h of this.hashers.values()) h.update(data);
    this.bodySha?.update(data);
    this.chunkHash?.update(data);
    this.push(data);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      if (!this.chunked) this.emitDecoded(chunk);
      else this.decode(chunk);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  private decode(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length) {
      switch (this.state) {
        case 'header':
        case 'trailer': {
          const nl = chunk.indexOf(0x0a, i);
          const end = nl === -1 ? chunk.length : nl;
          this.line += chunk.toString('latin1', i, end);
          if (this.line.length > MAX_LINE)
            throw sigv4Error('IncompleteBody', 'The aws-chunked body has an over-long chunk header or trailer line.');
          i = end;
          if (nl === -1) break;
          i = nl + 1;
          const line = this.line.endsWith('\r') ? this.line.slice(0, -1) : this.line;
          this.line = '';
          if (this.state === 'header') this.onChunkHeader(line);
          else this.onTrailerLine(line);
          break;
        }
        case 'data': {
          const take = Math.min(this.remaining, chunk.length - i);
          this.emitDecoded(chunk.subarray(i, i + take));
          this.remaining -= take;
          i += take;
          if (this.remaining === 0) {
            this.verifyChunkSignature();
            this.state = 'data-cr';
          }
          break;
        }
        case 'data-cr':
          if (chunk[i] !== 0x0d)
            throw sigv4Error(
              'IncompleteBody',
              'The aws-chunked body is malformed: a chunk is longer than its declared size.',
            );
          i++;
          this.state = 'data-lf';
          break;
        case 'data-lf':
          if (chunk[i] !== 0x0a)
            throw sigv4Error('IncompleteBody', 'The aws-chunked body is malformed: expected CRLF after chunk data.');
          i++;
          this.state = 'header';
          break;
        case 'done':
          // Clients may end with stray whitespace; anything else is garbage after the body.
          for (; i < chunk.length; i++) {
            if (chunk[i] !== 0x0d && chunk[i] !== 0x0a)
              throw sigv4Error('IncompleteBody', 'The aws-chunked body has data after its end.');
          }
          break;
      }
    }
  }

  private onChunkHeader(line: string): void {
    const [sizeHex = '', ...extensions] = line.split(';');
    if (!/^[0-9a-fA-F]{1,16}$/.test(sizeHex.trim()))
      throw sigv4Error(
        'IncompleteBody',
        `The aws-chunked body is malformed: bad chunk size "${sizeHex.slice(0, 20)}".`,
      );
    const size = parseInt(sizeHex.trim(), 16);
    if (this.payload.kind === 'streaming-signed') {
      const sig = extensions.map((e) => e.trim()).find((e) => e.startsWith('chunk-signature='));
      if (!sig) throw sigv4Error('IncompleteSignature', 'A chunk of the streaming body has no chunk-signature.');
      this.chunkSignature = sig.slice('chunk-signature='.length);
      this.chunkHash = createHash('sha256');
    }
    if (size === 0) {
      this.sawFinalChunk = true;
      this.verifyChunkSignature();
      this.state = 'trailer';
      return;
    }
    this.remaining = size;
    this.state = 'data';
  }

  /** Chunk string-to-sign: AWS4-HMAC-SHA256-PAYLOAD, date, scope, previous signature, sha256(""), sha256(chunk). */
  private verifyChunkSignature(): void {
    if (this.payload.kind !== 'streaming-signed' || !this.chunkHash) return;
    const p = this.payload;
    const stringToSign = `AWS4-HMAC-SHA256-PAYLOAD\n${p.amzDate}\n${p.scope}\n${this.previousSignature}\n${EMPTY_SHA256}\n${this.chunkHash.digest('hex')}`;
    this.chunkHash = undefined;
    const expected = hmac(p.signingKey, stringToSign).toString('hex');
    if (!signaturesEqual(expected, this.chunkSignature)) {
      throw sigv4Error(
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
        {
          StringToSign: stringToSign,
          SignatureProvided: this.chunkSignature,
        },
      );
    }
    this.previousSignature = expected;
  }

  private onTrailerLine(line: string): void {
    if (line === '') {
      // The empty line after the last chunk (or an empty line before the trailer
      // some signers emit); the trailer ends at the first empty line after it.
      if (this.trailerAlgorithm && this.trailerLines.length === 0) return;
      this.finishTrailer();
      return;
    }
    if (!this.trailerAlgorithm)
      throw sigv4Error(
        'MalformedTrailerError',
        'The request contained trailing data that was not well-formed or did not conform to our published schema.',
      );
    this.trailerLines.push(line);
  }

  private finishTrailer(): void {
    this.state = 'done';
    if (!this.trailerAlgorithm) return;
    let signature: string | undefined;
    const canonical: string[] = [];
    for (const line of this.trailerLines) {
      const colon = line.indexOf(':');
      if (colon === -1)
        throw sigv4Error(
          'MalformedTrailerError',
          'The request contained trailing data that was not well-formed or did not conform to our published schema.',
        );
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === 'x-amz-trailer-signature') signature = value;
      else {
        this.trailers[name] = value;
        canonical.push(`${name}:${value}\n`);
      }
    }
    const expectedName = checksumHeaderName(this.trailerAlgorithm);
    const value = this.trailers[expectedName];
    if (value === undefined)
      throw sigv4Error(
        'MalformedTrailerError',
        `The trailing header ${expectedName} declared in x-amz-trailer is missing.`,
      );
    if (!isValidChecksumValue(this.trailerAlgorithm, value))
      throw sigv4Error('InvalidRequest', `Value for ${expectedName} trailing header is invalid.`);
    this.declaredChecksum = { algorithm: this.trailerAlgorithm, value };
    if (this.payload.kind === 'streaming-signed') {
      if (!signature)
        throw sigv4Error(
          'IncompleteSignature',
          'The trailer of a signed streaming body has no x-amz-trailer-signature.',
        );
      const p = this.payload;
      canonical.sort();
      const stringToSign = `AWS4-HMAC-SHA256-TRAILER\n${p.amzDate}\n${p.scope}\n${this.previousSignature}\n${sha256Hex(canonical.join(''))}`;
      const expected = hmac(p.signingKey, stringToSign).toString('hex');
      if (!signaturesEqual(expected, signature)) {
        throw sigv4Error(
          'SignatureDoesNotMatch',
          'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
          {
            StringToSign: stringToSign,
            SignatureProvided: signature,
          },
        );
      }
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      if (this.chunked) {
        // Tolerate a body that stops right after the trailer lines without the final CRLF.
        if (this.state === 'trailer' && this.sawFinalChunk && (this.trailerLines.length > 0 || !this.trailerAlgorithm))
          this.finishTrailer();
        if (this.state !== 'done') throw sigv4Error('IncompleteBody', 'The request body terminated unexpectedly');
        if (this.expectedDecodedLength !== undefined && this.expectedDecodedLength !== this.decodedLength) {
          throw sigv4Error(
            'IncompleteBody',
            'You did not provide the number of bytes specified by the x-amz-decoded-content-length HTTP header',
          );
        }
      }
      if (this.bodySha && this.payload.kind === 'sha256') {
        const actual = this.bodySha.digest('hex');
        if (actual !== this.payload.hex) {
          throw sigv4Error(
            'XAmzContentSHA256Mismatch',
            "The provided 'x-amz-content-sha256' header does not match what was computed.",
            {
              ClientComputedContentSHA256: this.payload.hex,
              S3ComputedContentSHA256: actual,
            },
          );
        }
      }
      for (const [algorithm, hasher] of this.hashers) this.checksums[algorithm] = hasher.digest().toString('base64');
      const declared = this.declaredChecksum;
      if (declared && this.checksums[declared.algorithm] !== declared.value) {
        throw sigv4Error('BadDigest', `The ${declared.algorithm} you specified did not match the calculated checksum.`);
      }
      callback();
    } catch (error) {
      callback(error as SigV4Error);
    }
  }
}

/**
 * A Transform that turns the raw request body into the object's bytes and
 * verifies it according to `payload` (from verifyRequest):
 * - aws-chunked bodies (STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER])
 *   are de-chunked; chunk and trailer signatures, x-amz-decoded-content-length
 *   and the trailing x-amz-checksum-* are checked;
 * - plain bodies pass through; a signed sha256 and any x-amz-checksum-* header are checked.
 * Throws synchronously for header-level problems (InvalidRequest); emits
 * SigV4Error ('BadDigest', 'XAmzContentSHA256Mismatch', 'SignatureDoesNotMatch',
 * 'IncompleteBody', ...) for body-level ones, always before 'end'.
 */
export function createChunkedDecoder(
  payload: PayloadMode,
  headers: IncomingHttpHeaders,
  options?: ChunkedDecoderOptions,
): PayloadDecoder {
  return new PayloadDecoder(payload, headers, options);
}
