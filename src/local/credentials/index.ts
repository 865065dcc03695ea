export { createCredentialDirectory, EXPIRED_RECORD_RETENTION_MS } from './credential-directory';
export type { AdminKeys, CredentialDirectoryOptions } from './credential-directory';
