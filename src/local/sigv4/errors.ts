/**
 * Why a request failed authentication, in S3's vocabulary. Each service maps
 * `code` to its own protocol (e.g. KMS turns `ExpiredToken` into
 * `ExpiredTokenException`, `SignatureDoesNotMatch` into `InvalidSignatureException`);
 * `status` is the HTTP status S3 uses for the code.
 */
export type SigV4ErrorCode =
  | 'SignatureDoesNotMatch'
  | 'InvalidAccessKeyId'
  | 'ExpiredToken'
  | 'InvalidToken'
  | 'AccessDenied'
  | 'MissingAuthenticationToken'
  | 'IncompleteSignature'
  | 'AuthorizationHeaderMalformed'
  | 'AuthorizationQueryParametersError'
  | 'RequestTimeTooSkewed'
  | 'XAmzContentSHA256Mismatch'
  | 'InvalidArgument'
  | 'InvalidRequest'
  | 'BadDigest'
  | 'IncompleteBody'
  | 'MalformedTrailerError';

/**
 * An authentication or payload-integrity failure. `details` carries the extra
 * elements S3 puts in its error document (StringToSign, CanonicalRequest,
 * X-Amz-Expires, ...) so a developer can see why a signature was refused.
 */
export class SigV4Error extends Error {
  override readonly name = 'SigV4Error';

  constructor(
    readonly code: SigV4ErrorCode,
    message: string,
    readonly status: number,
    readonly details: Record<string, string> = {},
  ) {
    super(message);
  }
}

const STATUS: Record<SigV4ErrorCode, number> = {
  SignatureDoesNotMatch: 403,
  InvalidAccessKeyId: 403,
  ExpiredToken: 400,
  InvalidToken: 400,
  AccessDenied: 403,
  MissingAuthenticationToken: 403,
  IncompleteSignature: 400,
  AuthorizationHeaderMalformed: 400,
  AuthorizationQueryParametersError: 400,
  RequestTimeTooSkewed: 403,
  XAmzContentSHA256Mismatch: 400,
  InvalidArgument: 400,
  InvalidRequest: 400,
  BadDigest: 400,
  IncompleteBody: 400,
  MalformedTrailerError: 400,
};

/** Builds a SigV4Error with S3's status for the code. */
export function sigv4Error(code: SigV4ErrorCode, message: string, details?: Record<string, string>): SigV4Error {
  return new SigV4Error(code, message, STATUS[code], details);
}
