/**
 * S3's error vocabulary: a code, its HTTP status and its usual message, plus
 * the extra elements S3 adds to the error document (Key, BucketName, Condition…).
 */
import { SigV4Error } from '../sigv4';

const KNOWN: Record<string, [status: number, message: string]> = {
  AccessDenied: [403, 'Access Denied'],
  AuthorizationHeaderMalformed: [400, 'The authorization header is malformed.'],
  BadDigest: [400, 'The Content-MD5 you specified did not match what we received.'],
  BucketAlreadyOwnedByYou: [409, 'Your previous request to create the named bucket succeeded and you already own it.'],
  BucketNotEmpty: [409, 'The bucket you tried to delete is not empty'],
  CORSResponse: [403, 'CORS is not enabled for this bucket.'],
  EntityTooLarge: [400, 'Your proposed upload exceeds the maximum allowed size'],
  EntityTooSmall: [400, 'Your proposed upload is smaller than the minimum allowed object size.'],
  IllegalVersioningConfigurationException: [400, 'The versioning configuration specified in the request is invalid.'],
  IncompleteBody: [400, 'You did not provide the number of bytes specified by the Content-Length HTTP header'],
  InternalError: [500, 'We encountered an internal error. Please try again.'],
  InvalidArgument: [400, 'Invalid Argument'],
  InvalidBucketName: [400, 'The specified bucket is not valid.'],
  InvalidDigest: [400, 'The Content-MD5 you specified is not valid.'],
  InvalidPart: [
    400,
    "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
  ],
  InvalidPartNumber: [416, 'The requested partnumber is not satisfiable'],
  InvalidPartOrder: [400, 'The list of parts was not in ascending order. Parts must be ordered by part number.'],
  InvalidRange: [416, 'The requested range is not satisfiable'],
  InvalidRequest: [400, 'Invalid Request'],
  KeyTooLongError: [400, 'Your key is too long'],
  MalformedPolicy: [400, "Policies must be valid JSON and the first byte must be '{'"],
  MalformedXML: [400, 'The XML you provided was not well-formed or did not validate against our published schema'],
  MetadataTooLarge: [400, 'Your metadata headers exceed the maximum allowed metadata size'],
  MethodNotAllowed: [405, 'The specified method is not allowed against this resource.'],
  MissingContentLength: [411, 'You must provide the Content-Length HTTP header.'],
  NoSuchBucket: [404, 'The specified bucket does not exist'],
  NoSuchBucketPolicy: [404, 'The bucket policy does not exist'],
  NoSuchCORSConfiguration: [404, 'The CORS configuration does not exist'],
  NoSuchKey: [404, 'The specified key does not exist.'],
  NoSuchLifecycleConfiguration: [404, 'The lifecycle configuration does not exist'],
  NoSuchUpload: [
    404,
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
  ],
  NoSuchVersion: [404, 'The specified version does not exist.'],
  NotImplemented: [501, 'A header you provided implies functionality that is not implemented'],
  PreconditionFailed: [412, 'At least one of the pre-conditions you specified did not hold'],
  TooManyParts: [400, 'You have attempted to upload more than the maximum number of parts.'],
};

/** An S3 error response. `fields` become extra elements of the <Error> document. */
export class S3Error extends Error {
  override readonly name = 'S3Error';
  readonly status: number;

  constructor(
    readonly code: string,
    message?: string,
    readonly fields: Record<string, string> = {},
    status?: number,
  ) {
    const known = KNOWN[code];
    super(message ?? known?.[1] ?? code);
    this.status = status ?? known?.[0] ?? 400;
  }
}

/** Shorthand: new S3Error(code, message?, fields?). */
export function s3Error(code: string, message?: string, fields?: Record<string, string>): S3Error {
  return new S3Error(code, message, fields);
}

/** Any failure → the S3Error to send: SigV4 failures keep their code and status, surprises become InternalError. */
export function toS3Error(error: unknown): S3Error {
  if (error instanceof S3Error) return error;
  if (error instanceof SigV4Error) {
    // S3 says MissingAuthenticationToken as AccessDenied; the rest is already S3's vocabulary.
    const code = error.code === 'MissingAuthenticationToken' ? 'AccessDenied' : error.code;
    return new S3Error(code, error.message, error.details, error.status);
  }
  return new S3Error('InternalError');
}
