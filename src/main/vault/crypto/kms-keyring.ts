import type { KMS } from '@aws-sdk/client-kms';
import { KmsKeyringNode } from '@aws-crypto/client-node';
import { createKmsClient, type KmsClientOptions } from './kms-client';

/**
 * The vault's KMS key, and either how to reach it or a client made by
 * createKmsClient (to share one client with the name key).
 */
export type KmsKeyringOptions = {
  /** Full key ARN: the SDK records it in each message and decrypts only data keys wrapped by it. */
  keyArn: string;
} & (KmsClientOptions | { client: KMS });

/**
 * A keyring that generates data keys with, and decrypts data keys
 * only with, the vault's KMS key. Its clientProvider returns one aggregated
 * `KMS` client (with our credentials and endpoint) for every region: a vault
 * has one key in one region.
 */
export function createKmsKeyring(options: KmsKeyringOptions): KmsKeyringNode {
  const kms = 'client' in options ? options.client : createKmsClient(options);
  return new KmsKeyringNode({ generatorKeyId: options.keyArn, clientProvider: () => kms });
}
