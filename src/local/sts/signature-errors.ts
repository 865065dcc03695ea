import { translateSigV4Failure, type SigV4Error, type SigV4FailureTable } from '../sigv4';
import { StsError } from './sts-xml';

/** STS's query-protocol names and statuses for SigV4 failures. */
const STS_FAILURES: SigV4FailureTable = {
  expired: { code: 'ExpiredToken', status: 400, message: 'The security token included in the request is expired' },
  unrecognized: {
    code: 'InvalidClientTokenId',
    status: 403,
    message: 'The security token included in the request is invalid.',
  },
  signature: { code: 'SignatureDoesNotMatch', status: 403 },
  skewed: { code: 'SignatureDoesNotMatch', status: 403 },
  missing: { code: 'MissingAuthenticationToken', status: 403, message: 'Request is missing Authentication Token' },
  incomplete: { code: 'IncompleteSignature', status: 400 },
  denied: { code: 'AccessDenied', status: 403 },
  other: { code: 'InvalidRequest', status: 400 },
};

/** A SigV4 failure as the StsError STS answers (see sigv4/protocol-errors.ts). */
export function signatureFailureToSts(failure: SigV4Error): StsError {
  const { code, message, status } = translateSigV4Failure(failure, STS_FAILURES);
  return new StsError(code, message, status);
}
