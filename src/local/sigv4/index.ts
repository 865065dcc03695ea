/**
 * SigV4 verification for the local backend: header and query (presigned) auth,
 * session tokens and expiry, and the aws-chunked streaming payloads of S3.
 * KMS, STS and Cognito call verifyRequest with their buffered body's sha256;
 * S3 pipes bodies through createChunkedDecoder.
 */
export { verifyRequest, toAmzDate } from './verify';
export type { SignedRequestInput, PayloadMode, VerifiedRequest, SigV4Service } from './verify';
export { SigV4Error, sigv4Error } from './errors';
export type { SigV4ErrorCode } from './errors';
export { translateSigV4Failure } from './protocol-errors';
export { signatureFailureToJson } from './json-errors';
export type { ProtocolFailure, SigV4FailureKind, SigV4FailureTable } from './protocol-errors';
export { createChunkedDecoder, PayloadDecoder } from './chunked';
export type { ChunkedDecoderOptions } from './chunked';
export {
  CHECKSUM_ALGORITHMS,
  algorithmOfHeader,
  checksumHeaderName,
  checksumOf,
  createHasher,
  isValidChecksumValue,
  parseChecksumAlgorithm,
} from './checksums';
export type { ChecksumAlgorithm, Hasher } from './checksums';
export { uriEncode } from './canonical';
