import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { CredentialDirectory, CredentialRecord } from '../core/principal';
import { sigv4Error, verifyRequest, type SigV4Service, type SignedRequestInput, type VerifiedRequest } from '../sigv4';

/** A SigV4 verifier: src/local/sigv4's verifyRequest, or a stand-in in tests. */
export type RequestVerifier = (
  input: SignedRequestInput,
  credentials: CredentialDirectory,
) => Pick<VerifiedRequest, 'record' | 'region'>;

/**
 * Who signed this request (KMS, STS, Cognito admin calls: services whose
 * bodies are small and buffered): the credential record behind its SigV4
 * signature, checked against the body's SHA-256. Throws SigV4Error when the
 * request is unsigned, forged or expired, and when it is signed for another
 * region than `expectedRegion` (a client pointed at the wrong region would
 * work locally and fail on AWS).
 */
export function authenticateRequest(
  req: IncomingMessage,
  body: Buffer,
  service: SigV4Service,
  now: Date,
  credentials: CredentialDirectory,
  verify: RequestVerifier = verifyRequest,
  expectedRegion?: string,
): CredentialRecord {
  const url = req.url ?? '/';
  const queryStart = url.indexOf('?');
  const verified = verify(
    {
      method: req.method ?? 'GET',
      rawPath: queryStart < 0 ? url : url.slice(0, queryStart),
      rawQuery: queryStart < 0 ? '' : url.slice(queryStart + 1),
      headers: req.headers,
      service,
      now,
      bodySha256Hex: createHash('sha256').update(body).digest('hex'),
    },
    credentials,
  );
  if (expectedRegion !== undefined && verified.region !== expectedRegion) {
    throw sigv4Error(
      'SignatureDoesNotMatch',
      `Credential should be scoped to a valid region, not '${verified.region}'. This vault is in '${expectedRegion}'.`,
    );
  }
  return verified.record;
}
