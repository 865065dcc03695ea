import type { KmsKey } from './key-store';
import { keyDisabled, keyPendingDeletion } from './kms-errors';

/** Cryptographic operations need an Enabled key; the status panel relies on DisabledException. */
export function requireUsable(key: KmsKey): void {
  if (key.state === 'Disabled') throw keyDisabled(key.arn);
  if (key.state === 'PendingDeletion') throw keyPendingDeletion(key.arn);
}

/** Key management is refused while a key waits for deletion (CancelKeyDeletion aside). */
export function requireNotPendingDeletion(key: KmsKey): void {
  if (key.state === 'PendingDeletion') throw keyPendingDeletion(key.arn);
}
