import { createHash, createHmac } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import {
  checksumOf,
  createChunkedDecoder,
  SigV4Error,
  verifyRequest,
  type PayloadMode,
} from '../../../../src/local/sigv4';
import { admin, directory } from './fixtures';

/** Pushes `body` through a decoder in pieces of `piece` bytes; returns the decoded bytes or the error. */
async function decode(payload: PayloadMode, headers: Record<string, string>, body: Buffer, piece = 4096) {
  const decoder = createChunkedDecoder(payload, headers, { computeChecksums: ['CRC64NVME'] });
  const out: Buffer[] = [];
  async function* pieces() {
    for (let i = 0; i < body.length; i += piece) yield body.subarray(i, i + piece);
  }
  try {
    await pipeline(Readable.from(pieces()), decoder, async (source: AsyncIterable<Buffer>) => {
      for await (const c of source) out.push(c);
    });
    return { data: Buffer.concat(out), decoder };
  } catch (error) {
    if (error instanceof SigV4Error) return { error, decoder };
    throw error;
  }
}

// The AWS documentation's chunked upload example (sigv4-streaming): 64 KiB + 1 KiB of 'a',
// seed signature and chunk signatures as published.
const EXAMPLE_HEADERS = {
  host: 's3.amazonaws.com',
  'x-amz-date': '20130524T000000Z',
  'x-amz-storage-class': 'REDUCED_REDUNDANCY',
  'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  'content-encoding': 'aws-chunked',
  'x-amz-decoded-content-length': '66560',
  'content-length': '66824',
  authorization:
    'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,Signature=4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
};
const SIG1 = 'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648';
const SIG2 = '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497';
const SIG3 = 'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9';

function exampleBody(sig1 = SIG1, data1 = Buffer.alloc(65536, 'a')): Buffer {
  return Buffer.concat([
    Buffer.from(`10000;chunk-signature=${sig1}\r\n`),
    data1,
    Buffer.from(`\r\n400;chunk-signature=${SIG2}\r\n`),
    Buffer.alloc(1024, 'a'),
    Buffer.from(`\r\n0;chunk-signature=${SIG3}\r\n\r\n`),
  ]);
}

function examplePayload(): PayloadMode {
  return verifyRequest(
    {
      method: 'PUT',
      rawPath: '/examplebucket/chunkObject.txt',
      rawQuery: '',
      headers: EXAMPLE_HEADERS,
      service: 's3',
      now: new Date('2013-05-24T00:00:30Z'),
    },
    directory(admin),
  ).payload;
}

describe('createChunkedDecoder — signed chunks (AWS documentation example)', () => {
  it('decodes the example and accepts its published chunk signatures', async () => {
    const body = exampleBody();
    expect(body.length).toBe(66824);
    const { data, decoder } = await decode(examplePayload(), EXAMPLE_HEADERS, body);
    expect(data).toEqual(Buffer.alloc(66560, 'a'));
    expect(decoder.decodedLength).toBe(66560);
  });

  it('decodes the same bytes arriving one at a time', async () => {
    const { data } = await decode(examplePayload(), EXAMPLE_HEADERS, exampleBody(), 1);
    expect(data?.length).toBe(66560);
  });

  it('refuses a changed chunk signature and a changed data byte', async () => {
    const badSig = await decode(examplePayload(), EXAMPLE_HEADERS, exampleBody(SIG1.replace(/^a/, 'b')));
    expect(badSig.error?.code).toBe('SignatureDoesNotMatch');
    const data = Buffer.alloc(65536, 'a');
    data[1000] = 0x62;
    const badData = await decode(examplePayload(), EXAMPLE_HEADERS, exampleBody(SIG1, data));
    expect(badData.error?.code).toBe('SignatureDoesNotMatch');
  });

  it('refuses a truncated body', async () => {
    const body = exampleBody();
    const { error } = await decode(examplePayload(), EXAMPLE_HEADERS, body.subarray(0, body.length - 90));
    expect(error?.code).toBe('IncompleteBody');
  });
});

/** Builds a signed streaming body with a trailer the way the AWS docs describe it. */
function signedTrailerBody(
  payload: Extract<PayloadMode, { kind: 'streaming-signed' }>,
  chunks: Buffer[],
  trailerValue: string,
): Buffer {
  const sign = (s: string): string => createHmac('sha256', payload.signingKey).update(s).digest('hex');
  const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');
  let previous = payload.seedSignature;
  const parts: Buffer[] = [];
  for (const data of [...chunks, Buffer.alloc(0)]) {
    const sig = sign(
      `AWS4-HMAC-SHA256-PAYLOAD\n${payload.amzDate}\n${payload.scope}\n${previous}\n${sha('')}\n${sha(data)}`,
    );
    previous = sig;
    parts.push(Buffer.from(`${data.length.toString(16)};chunk-signature=${sig}\r\n`), data);
    if (data.length > 0) parts.push(Buffer.from('\r\n'));
  }
  const trailer = `x-amz-checksum-crc32c:${trailerValue}\n`;
  const trailerSig = sign(
    `AWS4-HMAC-SHA256-TRAILER\n${payload.amzDate}\n${payload.scope}\n${previous}\n${sha(trailer)}`,
  );
  parts.push(Buffer.from(`x-amz-checksum-crc32c:${trailerValue}\r\nx-amz-trailer-signature:${trailerSig}\r\n\r\n`));
  return Buffer.concat(parts);
}

describe('createChunkedDecoder — signed chunks with a trailer', () => {
  const payload: Extract<PayloadMode, { kind: 'streaming-signed' }> = {
    kind: 'streaming-signed',
    seedSignature: '106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e',
    signingKey: Buffer.alloc(32, 7),
    scope: '20130524/us-east-1/s3/aws4_request',
    amzDate: '20130524T000000Z',
    trailer: true,
  };
  const chunks = [Buffer.alloc(65536, 'a'), Buffer.alloc(1024, 'a')];
  const crc = checksumOf('CRC32C', Buffer.concat(chunks));
  const headers = {
    'x-amz-trailer': 'x-amz-checksum-crc32c',
    'x-amz-decoded-content-length': '66560',
    'content-encoding': 'aws-chunked',
  };

  it('verifies every chunk, the trailer signature and the trailing CRC32C', async () => {
    const { data, decoder } = await decode(payload, headers, signedTrailerBody(payload, chunks, crc), 777);
    expect(data?.length).toBe(66560);
    expect(decoder.checksums.CRC32C).toBe(crc);
    expect(decoder.declaredChecksum).toEqual({ algorithm: 'CRC32C', value: crc });
  });

  it('refuses a trailer whose signature does not cover it', async () => {
    const body = signedTrailerBody(payload, chunks, crc)
      .toString('latin1')
      .replace(`crc32c:${crc}`, `crc32c:${checksumOf('CRC32C', Buffer.from('x'))}`);
    const { error } = await decode(payload, headers, Buffer.from(body, 'latin1'));
    expect(error?.code).toBe('SignatureDoesNotMatch');
  });
});

describe('createChunkedDecoder — STREAMING-UNSIGNED-PAYLOAD-TRAILER (SDK v3 default)', () => {
  const data = Buffer.from('hello, aws-chunked world! '.repeat(5000));
  // Exactly what @smithy's getAwsChunkedEncodingStream writes: size CRLF data CRLF … 0 CRLF trailer CRLF CRLF.
  function sdkBody(value: string, pieces = [data.subarray(0, 70000), data.subarray(70000)]): Buffer {
    const parts = pieces.flatMap((p) => [Buffer.from(`${p.length.toString(16)}\r\n`), p, Buffer.from('\r\n')]);
    return Buffer.concat([...parts, Buffer.from(`0\r\nx-amz-checksum-crc32:${value}\r\n\r\n`)]);
  }
  const headers = {
    'x-amz-trailer': 'x-amz-checksum-crc32',
    'x-amz-decoded-content-length': String(data.length),
    'content-encoding': 'aws-chunked',
  };
  const mode: PayloadMode = { kind: 'streaming-unsigned-trailer' };

  it('decodes and verifies the trailing CRC32, computing extra checksums on the way', async () => {
    const { data: out, decoder } = await decode(mode, headers, sdkBody(checksumOf('CRC32', data)), 1000);
    expect(out).toEqual(data);
    expect(decoder.checksums.CRC32).toBe(checksumOf('CRC32', data));
    expect(decoder.checksums.CRC64NVME).toBe(checksumOf('CRC64NVME', data));
  });

  it('refuses a wrong trailing checksum with BadDigest', async () => {
    const { error } = await decode(mode, headers, sdkBody(checksumOf('CRC32', Buffer.from('other'))));
    expect([error?.code, error?.status]).toEqual(['BadDigest', 400]);
  });

  it('refuses a body shorter than x-amz-decoded-content-length', async () => {
    const { error } = await decode(
      mode,
      { ...headers, 'x-amz-decoded-content-length': String(data.length + 1) },
      sdkBody(checksumOf('CRC32', data)),
    );
    expect(error?.code).toBe('IncompleteBody');
  });

  it('refuses a missing trailer', async () => {
    const body = Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n0\r\n\r\n')]);
    const { error } = await decode(mode, headers, body);
    expect(error?.code).toMatch(/MalformedTrailerError|IncompleteBody/);
  });

  it('requires x-amz-trailer for a trailer payload', () => {
    expect(() => createChunkedDecoder(mode, {})).toThrow(SigV4Error);
  });
});

describe('createChunkedDecoder — plain bodies', () => {
  const body = Buffer.from('plain body bytes');
  const sha = createHash('sha256').update(body).digest('hex');

  it('checks the signed sha256 and an x-amz-checksum-* header', async () => {
    const ok = await decode(
      { kind: 'sha256', hex: sha },
      { 'x-amz-checksum-sha256': checksumOf('SHA256', body) },
      body,
    );
    expect(ok.data).toEqual(body);
    const bad = await decode({ kind: 'sha256', hex: sha.replace(/^./, '0') }, {}, body);
    expect(bad.error?.code).toBe('XAmzContentSHA256Mismatch');
    const badCrc = await decode(
      { kind: 'unsigned' },
      { 'x-amz-checksum-crc32': checksumOf('CRC32', Buffer.from('x')) },
      body,
    );
    expect(badCrc.error?.code).toBe('BadDigest');
  });

  it('refuses malformed or multiple checksum headers before reading', () => {
    expect(() => createChunkedDecoder({ kind: 'unsigned' }, { 'x-amz-checksum-crc32': 'nope' })).toThrow(/invalid/);
    expect(() =>
      createChunkedDecoder(
        { kind: 'unsigned' },
        { 'x-amz-checksum-crc32': checksumOf('CRC32', body), 'x-amz-checksum-crc32c': checksumOf('CRC32C', body) },
      ),
    ).toThrow(/single/);
  });
});
