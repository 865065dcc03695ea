import { AwsJsonError } from '../core/http';
import type { SigV4Error } from './errors';
import { translateSigV4Failure, type SigV4FailureTable } from './protocol-errors';

/** AWS's JSON-protocol names for SigV4 failures (KMS, Cognito), all HTTP 400. */
const JSON_FAILURES: SigV4FailureTable = {
  expired: {
    code: 'ExpiredTokenException',
    status: 400,
    message: 'The security token included in the request is expired',
  },
  unrecognized: {
    code: 'UnrecognizedClientException',
    status: 400,
    message: 'The security token included in the request is invalid.',
  },
  signature: { code: 'InvalidSignatureException', status: 400 },
  skewed: { code: 'InvalidSignatureException', status: 400 },
  missing: { code: 'MissingAuthenticationTokenException', status: 400, message: 'Missing Authentication Token' },
  incomplete: { code: 'IncompleteSignatureException', status: 400 },
  denied: { code: 'AccessDeniedException', status: 400 },
  other: { code: 'ValidationException', status: 400 },
};

/** A SigV4 failure as the AwsJsonError a JSON-protocol service answers (see protocol-errors.ts). */
export function signatureFailureToJson(failure: SigV4Error): AwsJsonError {
  const { code, message, status } = translateSigV4Failure(failure, JSON_FAILURES);
  return new AwsJsonError(code, message, status);
}
