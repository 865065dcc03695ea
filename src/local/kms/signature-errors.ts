import { AwsJsonError } from '../core/http';
import type { SigV4Error } from '../sigv4';

/**
 * SigV4 failures in KMS's words. The verifier speaks S3's vocabulary
 * (src/local/sigv4/errors.ts); KMS's JSON protocol has its own exception
 * names, all HTTP 400, which clients key on (ExpiredTokenException is what
 * makes a credential provider refresh).
 */
export function signatureFailureToKms(failure: SigV4Error): AwsJsonError {
  switch (failure.code) {
    case 'ExpiredToken':
      return new AwsJsonError('ExpiredTokenException', 'The security token included in the request is expired');
    case 'InvalidAccessKeyId':
    case 'InvalidToken':
      return new AwsJsonError('UnrecognizedClientException', 'The security token included in the request is invalid.');
    case 'SignatureDoesNotMatch':
    case 'XAmzContentSHA256Mismatch':
      return new AwsJsonError('InvalidSignatureException', failure.message);
    case 'RequestTimeTooSkewed':
      return new AwsJsonError('InvalidSignatureException', `Signature expired: ${failure.message}`);
    case 'MissingAuthenticationToken':
      return new AwsJsonError('MissingAuthenticationTokenException', 'Missing Authentication Token');
    case 'IncompleteSignature':
    case 'AuthorizationHeaderMalformed':
    case 'AuthorizationQueryParametersError':
      return new AwsJsonError('IncompleteSignatureException', failure.message);
    case 'AccessDenied':
      return new AwsJsonError('AccessDeniedException', failure.message);
    default:
      return new AwsJsonError('ValidationException', failure.message);
  }
}
