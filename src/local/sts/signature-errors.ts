import type { SigV4Error } from '../sigv4';
import { StsError } from './sts-xml';

/** SigV4 failures (S3's vocabulary, src/local/sigv4) in STS's words and statuses. */
export function signatureFailureToSts(failure: SigV4Error): StsError {
  switch (failure.code) {
    case 'ExpiredToken':
      return new StsError('ExpiredToken', 'The security token included in the request is expired', 400);
    case 'InvalidAccessKeyId':
    case 'InvalidToken':
      return new StsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
    case 'SignatureDoesNotMatch':
    case 'XAmzContentSHA256Mismatch':
      return new StsError('SignatureDoesNotMatch', failure.message, 403);
    case 'RequestTimeTooSkewed':
      return new StsError('SignatureDoesNotMatch', `Signature expired: ${failure.message}`, 403);
    case 'MissingAuthenticationToken':
      return new StsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
    case 'IncompleteSignature':
    case 'AuthorizationHeaderMalformed':
    case 'AuthorizationQueryParametersError':
      return new StsError('IncompleteSignature', failure.message, 400);
    case 'AccessDenied':
      return new StsError('AccessDenied', failure.message, 403);
    default:
      return new StsError('InvalidRequest', failure.message, 400);
  }
}
