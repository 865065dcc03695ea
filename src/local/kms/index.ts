export { createKmsService } from './kms-service';
export type { KmsService, KmsServiceOptions } from './kms-service';
export type { EncryptionContext } from './encryption-context';
