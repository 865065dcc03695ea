/**
 * SigV4 failures in another protocol's words. The verifier speaks S3's
 * vocabulary (errors.ts); KMS, Cognito and STS name the same failures their
 * own way, and clients key on those names (ExpiredTokenException is what makes
 * a credential provider refresh). Which S3 codes are the same failure is
 * decided once here; each protocol only names the kinds.
 */
import type { SigV4Error, SigV4ErrorCode } from './errors';

/** The failures the other protocols tell apart. */
export type SigV4FailureKind =
  'expired' | 'unrecognized' | 'signature' | 'skewed' | 'missing' | 'incomplete' | 'denied' | 'other';

const KINDS: Partial<Record<SigV4ErrorCode, SigV4FailureKind>> = {
  ExpiredToken: 'expired',
  InvalidAccessKeyId: 'unrecognized',
  InvalidToken: 'unrecognized',
  SignatureDoesNotMatch: 'signature',
  XAmzContentSHA256Mismatch: 'signature',
  RequestTimeTooSkewed: 'skewed',
  MissingAuthenticationToken: 'missing',
  IncompleteSignature: 'incomplete',
  AuthorizationHeaderMalformed: 'incomplete',
  AuthorizationQueryParametersError: 'incomplete',
  AccessDenied: 'denied',
};

/** How a protocol answers one kind of failure; without `message`, the verifier's explains it. */
export interface ProtocolFailure {
  code: string;
  status: number;
  message?: string;
}

/** A protocol's name for every kind of failure. */
export type SigV4FailureTable = Record<SigV4FailureKind, ProtocolFailure>;

/** `failure` in the words of `table`'s protocol (clock skew reads "Signature expired: …", as AWS says it). */
export function translateSigV4Failure(failure: SigV4Error, table: SigV4FailureTable): Required<ProtocolFailure> {
  const kind = KINDS[failure.code] ?? 'other';
  const { code, status, message } = table[kind];
  const detail = kind === 'skewed' ? `Signature expired: ${failure.message}` : failure.message;
  return { code, status, message: message ?? detail };
}
