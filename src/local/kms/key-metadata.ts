import type { KmsKey } from './key-store';

/** DescribeKey's KeyMetadata for a symmetric customer managed key; dates in epoch seconds (JSON 1.1). */
export function keyMetadata(key: KmsKey, accountId: string): Record<string, unknown> {
  return {
    AWSAccountId: accountId,
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: key.createdAt / 1000,
    Enabled: key.state === 'Enabled',
    Description: key.description,
    KeyUsage: 'ENCRYPT_DECRYPT',
    KeyState: key.state,
    Origin: 'AWS_KMS',
    KeyManager: 'CUSTOMER',
    CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
    KeySpec: 'SYMMETRIC_DEFAULT',
    EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
    MultiRegion: false,
    ...(key.deletionDate !== undefined
      ? { DeletionDate: key.deletionDate / 1000, PendingDeletionWindowInDays: key.pendingWindowInDays }
      : {}),
  };
}
