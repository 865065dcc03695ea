import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SigV4Error, verifyRequest, type SignedRequestInput } from '../../../../src/local/sigv4';
import { admin, directory, sdkSigner, temporary, toWire } from './fixtures';

const NOW = new Date('2026-05-08T09:05:03Z');
const LATER = (ms: number): Date => new Date(NOW.getTime() + ms);
const temp = temporary(NOW.getTime() + 3600_000);
const expired = temporary(NOW.getTime() - 1000, 'ASIAEXPIREDEXAMPLE01');
const creds = directory(admin, temp, expired);
const sha = (b: string): string => createHash('sha256').update(b).digest('hex');

function failure(fn: () => unknown): SigV4Error {
  try {
    fn();
  } catch (error) {
    if (error instanceof SigV4Error) return error;
    throw error;
  }
  throw new Error('expected a SigV4Error');
}

/** An S3 request as the SDK builds it: x-amz-content-sha256 always present, path already encoded. */
async function signedS3(
  record = admin,
  init: {
    method?: string;
    path?: string;
    query?: Record<string, string>;
    body?: string;
    payload?: string;
    date?: Date;
  } = {},
): Promise<SignedRequestInput> {
  const body = init.body ?? '';
  const request = {
    method: init.method ?? 'GET',
    protocol: 'http:',
    hostname: '127.0.0.1',
    port: 4566,
    path: init.path ?? '/vault-bucket/private/some%20dir/file%2Bname.bin',
    query: init.query ?? {},
    headers: { host: '127.0.0.1:4566', 'x-amz-content-sha256': init.payload ?? sha(body) } as Record<string, string>,
    body,
  };
  const signed = await sdkSigner(record, 's3').sign(request, { signingDate: init.date ?? NOW });
  return { ...toWire(signed as typeof request), service: 's3', now: NOW };
}

describe('verifyRequest — header auth', () => {
  it('accepts a request the SDK signed, S3 path as sent, query sorted', async () => {
    const input = await signedS3(admin, {
      query: { 'list-type': '2', prefix: 'private/a b/', delimiter: '/' },
      path: '/vault-bucket',
    });
    const v = verifyRequest(input, creds);
    expect(v).toMatchObject({
      accessKeyId: admin.accessKeyId,
      region: 'us-east-1',
      presigned: false,
      payload: { kind: 'sha256' },
    });
    expect(v.record.principal.kind).toBe('account-admin');
  });

  it('reports the payload mode from x-amz-content-sha256', async () => {
    expect(verifyRequest(await signedS3(admin, { payload: 'UNSIGNED-PAYLOAD' }), creds).payload).toEqual({
      kind: 'unsigned',
    });
    expect(
      verifyRequest(await signedS3(admin, { method: 'PUT', payload: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' }), creds)
        .payload,
    ).toEqual({
      kind: 'streaming-unsigned-trailer',
    });
    const signed = verifyRequest(
      await signedS3(admin, { method: 'PUT', payload: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER' }),
      creds,
    ).payload;
    expect(signed).toMatchObject({
      kind: 'streaming-signed',
      trailer: true,
      scope: '20260508/us-east-1/s3/aws4_request',
      amzDate: '20260508T090503Z',
    });
  });

  it('accepts temporary credentials with their session token', async () => {
    const v = verifyRequest(await signedS3(temp), creds);
    expect(v.record.principal.kind).toBe('assumed-role');
  });

  it('refuses a wrong secret with SignatureDoesNotMatch and shows the canonical request', async () => {
    const input = await signedS3({ ...admin, secretAccessKey: 'wrong' });
    const e = failure(() => verifyRequest(input, creds));
    expect([e.code, e.status]).toEqual(['SignatureDoesNotMatch', 403]);
    expect(e.details.CanonicalRequest).toContain('/vault-bucket/private/some%20dir/file%2Bname.bin');
  });

  it('refuses a tampered header that was signed', async () => {
    const input = await signedS3();
    input.headers = { ...input.headers, host: 'evil.example' };
    expect(failure(() => verifyRequest(input, creds)).code).toBe('SignatureDoesNotMatch');
  });

  it('refuses an unknown access key', async () => {
    const input = await signedS3({ ...admin, accessKeyId: 'AKIANOTKNOWN' });
    expect(failure(() => verifyRequest(input, creds))).toMatchObject({ code: 'InvalidAccessKeyId', status: 403 });
  });

  it('treats a temporary key without its token as unknown, and a wrong token as InvalidToken', async () => {
    const noToken = await signedS3({ ...temp, sessionToken: undefined });
    expect(failure(() => verifyRequest(noToken, creds)).code).toBe('InvalidAccessKeyId');
    const wrongToken = await signedS3({ ...temp, sessionToken: 'forged' });
    expect(failure(() => verifyRequest(wrongToken, creds))).toMatchObject({ code: 'InvalidToken', status: 400 });
  });

  it('refuses expired temporary credentials with ExpiredToken (400)', async () => {
    const input = await signedS3(expired);
    const e = failure(() => verifyRequest(input, creds));
    expect([e.code, e.status, e.message]).toEqual(['ExpiredToken', 400, 'The provided token has expired.']);
  });

  it('refuses requests more than 15 minutes off the clock', async () => {
    const input = await signedS3(admin, { date: LATER(-16 * 60_000) });
    expect(failure(() => verifyRequest(input, creds))).toMatchObject({ code: 'RequestTimeTooSkewed', status: 403 });
    const ok = await signedS3(admin, { date: LATER(-14 * 60_000) });
    expect(verifyRequest(ok, creds).presigned).toBe(false);
  });

  it('requires x-amz-content-sha256 for S3 header auth', async () => {
    const request = {
      method: 'GET',
      protocol: 'http:',
      hostname: '127.0.0.1',
      path: '/b/k',
      query: {},
      headers: { host: '127.0.0.1' },
    };
    const signed = await sdkSigner(admin, 's3').sign(request, { signingDate: NOW });
    const input: SignedRequestInput = { ...toWire(signed as typeof request), service: 's3', now: NOW };
    // The SDK signer fills x-amz-content-sha256 only if asked; remove it to be sure.
    delete input.headers['x-amz-content-sha256'];
    expect(failure(() => verifyRequest(input, creds)).code).toMatch(/InvalidRequest|SignatureDoesNotMatch/);
  });

  it('refuses anonymous requests', () => {
    const anonymous = { method: 'GET', rawPath: '/b/k', rawQuery: '', headers: { host: 'x' }, now: NOW };
    expect(failure(() => verifyRequest({ ...anonymous, service: 's3' }, creds))).toMatchObject({
      code: 'AccessDenied',
      status: 403,
    });
    expect(failure(() => verifyRequest({ ...anonymous, service: 'kms', bodySha256Hex: sha('') }, creds)).code).toBe(
      'MissingAuthenticationToken',
    );
  });

  it('refuses a credential scoped to another service', async () => {
    const request = {
      method: 'POST',
      protocol: 'http:',
      hostname: 'h',
      path: '/',
      query: {},
      headers: { host: 'h', 'x-amz-content-sha256': sha('') },
      body: '',
    };
    const signed = await sdkSigner(admin, 'kms').sign(request, { signingDate: NOW });
    const input: SignedRequestInput = { ...toWire(signed as typeof request), service: 's3', now: NOW };
    expect(failure(() => verifyRequest(input, creds)).code).toBe('AuthorizationHeaderMalformed');
  });
});

describe('verifyRequest — JSON / query services', () => {
  it('verifies a KMS call against the buffered body hash', async () => {
    const body = JSON.stringify({ KeyId: 'alias/vault', NumberOfBytes: 32 });
    const request = {
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      path: '/',
      query: {},
      headers: {
        host: '127.0.0.1:4566',
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'TrentService.GenerateDataKey',
      },
      body,
    };
    const signed = await sdkSigner(temp, 'kms').sign(request, { signingDate: NOW });
    const input: SignedRequestInput = {
      ...toWire(signed as typeof request),
      service: 'kms',
      now: NOW,
      bodySha256Hex: sha(body),
    };
    expect(verifyRequest(input, creds).payload).toEqual({ kind: 'sha256', hex: sha(body) });
    expect(failure(() => verifyRequest({ ...input, bodySha256Hex: sha(`${body} `) }, creds)).code).toBe(
      'SignatureDoesNotMatch',
    );
    const e = failure(() =>
      verifyRequest(
        { ...input, headers: input.headers },
        directory(admin, expired, { ...temp, expiresAt: NOW.getTime() }),
      ),
    );
    expect([e.code, e.message]).toEqual(['ExpiredToken', 'The security token included in the request is expired']);
  });

  it('double-encodes the path for non-S3 services', async () => {
    const request = {
      method: 'GET',
      protocol: 'http:',
      hostname: 'h',
      path: '/a%20b/c',
      query: { Action: 'GetCallerIdentity' },
      headers: { host: 'h' },
      body: '',
    };
    const signed = await sdkSigner(admin, 'sts').sign(request, { signingDate: NOW });
    const input: SignedRequestInput = {
      ...toWire(signed as typeof request),
      service: 'sts',
      now: NOW,
      bodySha256Hex: sha(''),
    };
    expect(verifyRequest(input, creds).accessKeyId).toBe(admin.accessKeyId);
  });
});

describe('verifyRequest — presigned URLs', () => {
  async function presigned(record = admin, expiresIn = 60, signingDate = NOW): Promise<SignedRequestInput> {
    const request = {
      method: 'GET',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 4566,
      path: '/vault-bucket/private/id/file.bin',
      query: {},
      headers: { host: '127.0.0.1:4566', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    };
    const url = await sdkSigner(record, 's3').presign(request, { expiresIn, signingDate });
    return { ...toWire(url as typeof request), headers: { host: '127.0.0.1:4566' }, service: 's3', now: NOW };
  }

  it('accepts a presigned URL and reports QueryString auth', async () => {
    const input = await presigned(temp);
    expect(input.rawQuery).toContain('X-Amz-Security-Token=');
    expect(verifyRequest(input, creds)).toMatchObject({ presigned: true, payload: { kind: 'unsigned' } });
  });

  it('refuses it after X-Amz-Expires with AccessDenied "Request has expired"', async () => {
    const input = await presigned(admin, 2);
    const e = failure(() => verifyRequest({ ...input, now: LATER(3000) }, creds));
    expect([e.code, e.status, e.message]).toEqual(['AccessDenied', 403, 'Request has expired']);
    expect(e.details['X-Amz-Expires']).toBe('2');
  });

  it('stops working when its temporary credentials expire, whatever X-Amz-Expires says', async () => {
    const input = await presigned(temp, 604800);
    expect(failure(() => verifyRequest({ ...input, now: LATER(3600_000) }, creds)).code).toBe('ExpiredToken');
  });

  it('refuses one changed character of the signature', async () => {
    const input = await presigned();
    const tampered = input.rawQuery.replace(
      /X-Amz-Signature=([0-9a-f])/,
      (_m, c: string) => `X-Amz-Signature=${c === '0' ? '1' : '0'}`,
    );
    expect(failure(() => verifyRequest({ ...input, rawQuery: tampered }, creds))).toMatchObject({
      code: 'SignatureDoesNotMatch',
      status: 403,
    });
  });

  it('refuses X-Amz-Expires beyond seven days', async () => {
    const input = await presigned();
    const longer = input.rawQuery.replace(/X-Amz-Expires=\d+/, 'X-Amz-Expires=604801');
    expect(failure(() => verifyRequest({ ...input, rawQuery: longer }, creds))).toMatchObject({
      code: 'AuthorizationQueryParametersError',
      status: 400,
    });
  });

  it('refuses both auth mechanisms at once', async () => {
    const input = await presigned();
    expect(
      failure(() =>
        verifyRequest(
          { ...input, headers: { ...input.headers, authorization: 'AWS4-HMAC-SHA256 Credential=x' } },
          creds,
        ),
      ).code,
    ).toBe('InvalidArgument');
  });
});

describe('verifyRequest — AWS documentation example (chunked upload)', () => {
  it('computes the documented seed signature', () => {
    const headers = {
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
    const v = verifyRequest(
      {
        method: 'PUT',
        rawPath: '/examplebucket/chunkObject.txt',
        rawQuery: '',
        headers,
        service: 's3',
        now: new Date('2013-05-24T00:01:00Z'),
      },
      creds,
    );
    expect(v.payload).toMatchObject({
      kind: 'streaming-signed',
      trailer: false,
      seedSignature: '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
    });
  });
});
