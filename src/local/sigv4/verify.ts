/**
 * Verifies a request signed with AWS Signature Version 4, by Authorization
 * header or by query string (presigned URL), against the credential directory.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { CredentialDirectory, CredentialRecord } from '../core/principal';
import {
  canonicalHeaders,
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  parseRawQuery,
  type QueryParam,
} from './canonical';
import { sigv4Error, SigV4Error } from './errors';
import { ALGORITHM, hmac, sha256Hex, signaturesEqual, signingKey } from './keys';

export type SigV4Service = 's3' | 'kms' | 'sts' | 'cognito-idp';

/** A request as it arrived, before its body is read. */
export interface SignedRequestInput {
  method: string;
  /** The path as received, still percent-encoded. */
  rawPath: string;
  /** Everything after '?', as received ('' when none). */
  rawQuery: string;
  headers: IncomingHttpHeaders;
  service: SigV4Service;
  now: Date;
  /** Required for non-S3 services: hex sha256 of the buffered body. */
  bodySha256Hex?: string;
}

/**
 * How the body was signed, which tells the receiver what to check while reading it:
 * - sha256: the whole body must hash to `hex` (XAmzContentSHA256Mismatch otherwise);
 * - unsigned: nothing to check (UNSIGNED-PAYLOAD, presigned URLs);
 * - streaming-signed: aws-chunked with a signature per chunk chained from `seedSignature`;
 * - streaming-unsigned-trailer: aws-chunked without signatures, checksum in the trailer.
 */
export type PayloadMode =
  | { kind: 'sha256'; hex: string }
  | { kind: 'unsigned' }
  | {
      kind: 'streaming-signed';
      seedSignature: string;
      signingKey: Buffer;
      scope: string;
      amzDate: string;
      trailer: boolean;
    }
  | { kind: 'streaming-unsigned-trailer' };

/** The outcome of a successful verification. */
export interface VerifiedRequest {
  record: CredentialRecord;
  payload: PayloadMode;
  /** True for query-string auth (presigned URLs): access logs say QueryString. */
  presigned: boolean;
  accessKeyId: string;
  /** The region of the credential scope; the caller decides whether it is the right one. */
  region: string;
}

/** Requests more than 15 minutes away from the server's clock are refused, as AWS does. */
const MAX_SKEW_MS = 15 * 60 * 1000;
/** Presigned URLs live at most seven days. */
const MAX_EXPIRES_SECONDS = 604800;

const STREAMING: Record<string, PayloadMode['kind']> = {
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD': 'streaming-signed',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER': 'streaming-signed',
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER': 'streaming-unsigned-trailer',
};

interface AuthParts {
  accessKeyId: string;
  date: string;
  region: string;
  scopeService: string;
  signedHeaders: string[];
  signature: string;
  amzDate: string;
  sessionToken: string | undefined;
  presigned: boolean;
  /** Seconds; presigned only. */
  expires?: number;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function malformed(service: SigV4Service, message: string): SigV4Error {
  // S3 calls a broken Authorization header "AuthorizationHeaderMalformed"; the JSON
  // and query services call it "IncompleteSignature".
  return service === 's3'
    ? sigv4Error('AuthorizationHeaderMalformed', message)
    : sigv4Error('IncompleteSignature', message);
}

/** Parses "<akid>/<yyyymmdd>/<region>/<service>/aws4_request". */
function parseCredential(
  credential: string,
  fail: (message: string) => SigV4Error,
): { accessKeyId: string; date: string; region: string; scopeService: string } {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts.some((p) => p === '')) {
    throw fail(
      `The Credential ${credential} is malformed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".`,
    );
  }
  const [accessKeyId, date, region, scopeService, terminator] = parts as [string, string, string, string, string];
  if (terminator !== 'aws4_request')
    throw fail(
      `The Credential ${credential} is malformed; incorrect terminal "${terminator}". This endpoint uses "aws4_request".`,
    );
  if (!/^\d{8}$/.test(date))
    throw fail(
      `The Credential ${credential} is malformed; incorrect date format "${date}". This date in the credential must be in the format "yyyyMMdd".`,
    );
  return { accessKeyId, date, region, scopeService };
}

function parseHeaderAuth(authorization: string, headers: IncomingHttpHeaders, service: SigV4Service): AuthParts {
  const space = authorization.indexOf(' ');
  const algorithm = space === -1 ? authorization : authorization.slice(0, space);
  if (algorithm !== ALGORITHM) {
    if (service === 's3')
      throw sigv4Error('InvalidArgument', 'Unsupported Authorization Type', {
        ArgumentName: 'Authorization',
        ArgumentValue: authorization.slice(0, 40),
      });
    throw sigv4Error('IncompleteSignature', `Unsupported authorization algorithm ${algorithm}.`);
  }
  const fields = new Map<string, string>();
  for (const item of authorization.slice(space + 1).split(',')) {
    const eq = item.indexOf('=');
    if (eq === -1) continue;
    fields.set(item.slice(0, eq).trim(), item.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || !signedHeaders || !signature) {
    const missing = ['Credential', 'SignedHeaders', 'Signature'].filter((k) => !fields.get(k));
    if (service === 's3')
      throw sigv4Error(
        'AuthorizationHeaderMalformed',
        `The authorization header is malformed; missing ${missing.join(', ')}.`,
      );
    throw sigv4Error(
      'IncompleteSignature',
      `Authorization header requires ${missing.map((m) => `'${m}'`).join(', ')} parameter. Authorization=${authorization}`,
    );
  }
  const amzDate = header(headers, 'x-amz-date') ?? httpDateToAmz(header(headers, 'date'));
  if (!amzDate) {
    if (service === 's3')
      throw sigv4Error('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
    throw sigv4Error(
      'IncompleteSignature',
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    );
  }
  const cred = parseCredential(credential, (m) => malformed(service, `The authorization header is malformed; ${m}`));
  return {
    ...cred,
    signedHeaders: signedHeaders.split(';'),
    signature,
    amzDate,
    sessionToken: header(headers, 'x-amz-security-token'),
    presigned: false,
  };
}

function parseQueryAuth(params: QueryParam[], service: SigV4Service): AuthParts {
  const get = (name: string): string | undefined => params.find((p) => p.key === name)?.value;
  const fail = (message: string): SigV4Error =>
    service === 's3'
      ? sigv4Error('AuthorizationQueryParametersError', message)
      : sigv4Error('IncompleteSignature', message);
  const algorithm = get('X-Amz-Algorithm');
  if (algorithm !== ALGORITHM) throw fail('X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
  const credential = get('X-Amz-Credential');
  const amzDate = get('X-Amz-Date');
  const signedHeaders = get('X-Amz-SignedHeaders');
  const signature = get('X-Amz-Signature');
  const expiresRaw = get('X-Amz-Expires');
  if (!credential || !amzDate || !signedHeaders || !signature || (service === 's3' && expiresRaw === undefined)) {
    throw fail(
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    );
  }
  let expires: number | undefined;
  if (expiresRaw !== undefined) {
    if (!/^\d+$/.test(expiresRaw)) throw fail('X-Amz-Expires should be a number');
    expires = Number(expiresRaw);
    if (expires > MAX_EXPIRES_SECONDS)
      throw fail('X-Amz-Expires must be less than a week (in seconds) that is 604800 seconds');
  }
  const cred = parseCredential(credential, (m) => fail(`Error parsing the X-Amz-Credential parameter; ${m}`));
  return {
    ...cred,
    signedHeaders: signedHeaders.split(';'),
    signature,
    amzDate,
    sessionToken: get('X-Amz-Security-Token'),
    presigned: true,
    expires,
  };
}

/** "Tue, 27 Mar 2007 19:36:42 GMT" → "20070327T193642Z" (the Date header may stand in for x-amz-date). */
function httpDateToAmz(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return undefined;
  return toAmzDate(new Date(ms));
}

/** ISO 8601 basic format used by SigV4: YYYYMMDDTHHMMSSZ. */
export function toAmzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

function parseAmzDate(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return Number.isNaN(ms) ? undefined : ms;
}

function checkTime(auth: AuthParts, service: SigV4Service, now: Date): void {
  const signedAt = parseAmzDate(auth.amzDate);
  if (signedAt === undefined) {
    if (auth.presigned)
      throw sigv4Error(
        'AuthorizationQueryParametersError',
        "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"",
      );
    throw malformed(service, `The authorization header is malformed; invalid x-amz-date "${auth.amzDate}".`);
  }
  if (auth.amzDate.slice(0, 8) !== auth.date) {
    const message = `Invalid credential date "${auth.date}". This date is not the same as X-Amz-Date: "${auth.amzDate.slice(0, 8)}".`;
    if (auth.presigned) throw sigv4Error('AuthorizationQueryParametersError', message);
    throw malformed(service, `The authorization header is malformed; ${message}`);
  }
  const nowMs = now.getTime();
  if (auth.presigned) {
    if (signedAt - nowMs > MAX_SKEW_MS) throw sigv4Error('AccessDenied', 'Request is not valid yet');
    if (auth.expires !== undefined && nowMs > signedAt + auth.expires * 1000) {
      throw sigv4Error('AccessDenied', 'Request has expired', {
        'X-Amz-Expires': String(auth.expires),
        Expires: new Date(signedAt + auth.expires * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        ServerTime: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      });
    }
    return;
  }
  if (Math.abs(nowMs - signedAt) > MAX_SKEW_MS) {
    throw sigv4Error(
      'RequestTimeTooSkewed',
      'The difference between the request time and the current time is too large.',
      {
        RequestTime: auth.amzDate,
        ServerTime: now.toISOString(),
        MaxAllowedSkewMilliseconds: String(MAX_SKEW_MS),
      },
    );
  }
}

/**
 * The SHA-256 of each record's session token, remembered per record: the
 * constant-time comparison hashes both sides, and the record's side is the
 * same on every request of a session.
 */
const recordTokenHashes = new WeakMap<CredentialRecord, { token: string; hash: string }>();

function recordTokenHash(record: CredentialRecord, token: string): string {
  const known = recordTokenHashes.get(record);
  if (known?.token === token) return known.hash;
  const hash = sha256Hex(token);
  recordTokenHashes.set(record, { token, hash });
  return hash;
}

/**
 * Checks the session token before the signature, as AWS does: a temporary key
 * without its token is unknown to S3 (InvalidAccessKeyId), a wrong token is
 * InvalidToken, and an expired credential is ExpiredToken whatever the signature.
 */
function checkToken(record: CredentialRecord, auth: AuthParts, service: SigV4Service, now: Date): void {
  if (record.sessionToken !== undefined) {
    if (auth.sessionToken === undefined) {
      throw sigv4Error('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', {
        AWSAccessKeyId: auth.accessKeyId,
      });
    }
    if (!signaturesEqual(recordTokenHash(record, record.sessionToken), sha256Hex(auth.sessionToken))) {
      throw sigv4Error('InvalidToken', 'The provided token is malformed or otherwise invalid.');
    }
  } else if (auth.sessionToken !== undefined && auth.sessionToken !== '') {
    throw sigv4Error('InvalidToken', 'The provided token is malformed or otherwise invalid.');
  }
  if (record.expiresAt !== undefined && now.getTime() >= record.expiresAt) {
    throw sigv4Error(
      'ExpiredToken',
      service === 's3' ? 'The provided token has expired.' : 'The security token included in the request is expired',
    );
  }
}

/** The payload hash the client signed, and how the body must then be read. */
function payloadOf(
  input: SignedRequestInput,
  auth: AuthParts,
  params: QueryParam[],
): { hash: string; kind: PayloadMode['kind'] | 'sha256' } {
  if (input.service !== 's3') {
    // The JSON and query services sign the body itself: a changed body is simply a
    // signature that does not match (whatever x-amz-content-sha256 claims).
    if (input.bodySha256Hex === undefined)
      throw new Error(`verifyRequest: bodySha256Hex is required for ${input.service}`);
    return { hash: input.bodySha256Hex, kind: 'sha256' };
  }
  let claimed: string | undefined;
  if (auth.presigned) {
    // Presigned URLs sign UNSIGNED-PAYLOAD unless the signer put a hash in the query
    // (or in a header it signed).
    claimed =
      params.find((p) => p.key.toLowerCase() === 'x-amz-content-sha256')?.value ??
      (auth.signedHeaders.includes('x-amz-content-sha256')
        ? header(input.headers, 'x-amz-content-sha256')
        : undefined) ??
      'UNSIGNED-PAYLOAD';
  } else {
    claimed = header(input.headers, 'x-amz-content-sha256');
    if (claimed === undefined)
      throw sigv4Error('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
  }
  if (claimed === 'UNSIGNED-PAYLOAD') return { hash: claimed, kind: 'unsigned' };
  const streaming = STREAMING[claimed];
  if (streaming) return { hash: claimed, kind: streaming };
  if (/^[0-9a-fA-F]{64}$/.test(claimed)) return { hash: claimed, kind: 'sha256' };
  throw sigv4Error(
    'InvalidArgument',
    'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a valid sha256 value.',
    { ArgumentName: 'x-amz-content-sha256', ArgumentValue: claimed },
  );
}

/**
 * Verifies a SigV4 request (header or query auth) and tells how its body was signed.
 * Order of checks follows AWS: form of the auth → time → access key → session
 * token and expiry → signature. Throws SigV4Error; never reads the body.
 * Anonymous requests are refused (S3: AccessDenied, others: MissingAuthenticationToken):
 * nothing in a vault is public.
 */
export function verifyRequest(input: SignedRequestInput, credentials: CredentialDirectory): VerifiedRequest {
  const { service, headers, now } = input;
  const params = parseRawQuery(input.rawQuery);
  const authorization = header(headers, 'authorization');
  const queryAlgorithm = params.some((p) => p.key === 'X-Amz-Algorithm');
  if (authorization !== undefined && queryAlgorithm) {
    throw service === 's3'
      ? sigv4Error(
          'InvalidArgument',
          'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
          { ArgumentName: 'Authorization' },
        )
      : sigv4Error('IncompleteSignature', 'Only one auth mechanism allowed.');
  }
  if (authorization === undefined && !queryAlgorithm) {
    throw service === 's3'
      ? sigv4Error('AccessDenied', 'Access Denied')
      : sigv4Error('MissingAuthenticationToken', 'Request is missing Authentication Token');
  }
  const auth =
    authorization !== undefined ? parseHeaderAuth(authorization, headers, service) : parseQueryAuth(params, service);
  if (auth.scopeService !== service) {
    const message = `Credential should be scoped to correct service: '${service}'.`;
    throw auth.presigned && service === 's3'
      ? sigv4Error('AuthorizationQueryParametersError', message)
      : malformed(service, `The authorization header is malformed; ${message}`);
  }
  if (!auth.signedHeaders.includes('host')) {
    const message = "'Host' must be a signed header.";
    throw auth.presigned && service === 's3'
      ? sigv4Error('AuthorizationQueryParametersError', message)
      : malformed(service, message);
  }
  checkTime(auth, service, now);

  const record = credentials.find(auth.accessKeyId);
  if (!record) {
    throw sigv4Error('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', {
      AWSAccessKeyId: auth.accessKeyId,
    });
  }
  checkToken(record, auth, service, now);

  const payload = payloadOf(input, auth, params);
  const canonical = canonicalRequest({
    method: input.method.toUpperCase(),
    uri: canonicalUri(input.rawPath, service),
    query: canonicalQuery(params, auth.presigned ? 'X-Amz-Signature' : undefined),
    headers: canonicalHeaders(headers, auth.signedHeaders),
    signedHeaders: auth.signedHeaders.join(';'),
    payloadHash: payload.hash,
  });
  const scope = `${auth.date}/${auth.region}/${service}/aws4_request`;
  const stringToSign = `${ALGORITHM}\n${auth.amzDate}\n${scope}\n${sha256Hex(canonical)}`;
  const key = signingKey(record.secretAccessKey, auth.date, auth.region, service);
  const expected = hmac(key, stringToSign).toString('hex');
  if (!signaturesEqual(expected, auth.signature)) {
    throw sigv4Error(
      'SignatureDoesNotMatch',
      service === 's3'
        ? 'The request signature we calculated does not match the signature you provided. Check your key and signing method.'
        : 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      {
        AWSAccessKeyId: auth.accessKeyId,
        StringToSign: stringToSign,
        SignatureProvided: auth.signature,
        CanonicalRequest: canonical,
      },
    );
  }

  let mode: PayloadMode;
  switch (payload.kind) {
    case 'sha256':
      mode = { kind: 'sha256', hex: payload.hash.toLowerCase() };
      break;
    case 'streaming-signed':
      mode = {
        kind: 'streaming-signed',
        seedSignature: expected,
        signingKey: key,
        scope,
        amzDate: auth.amzDate,
        trailer: payload.hash.endsWith('-TRAILER'),
      };
      break;
    case 'streaming-unsigned-trailer':
      mode = { kind: 'streaming-unsigned-trailer' };
      break;
    default:
      mode = { kind: 'unsigned' };
  }
  return { record, payload: mode, presigned: auth.presigned, accessKeyId: auth.accessKeyId, region: auth.region };
}
