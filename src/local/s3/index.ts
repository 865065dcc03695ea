/**
 * The local backend's S3: path-style REST/XML, SigV4 (header and presigned),
 * aws-chunked uploads with trailing checksums, multipart, conditional writes,
 * CORS and server access logs, on a file store under `<dataDir>/s3`.
 */
export { createS3Service } from './service';
export type { S3Service, S3ServiceOptions } from './service';
export { formatLogLine, logObjectKey } from './access-log';
export type { LogEntry } from './access-log';
