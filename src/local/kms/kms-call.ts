import type { Principal } from '../core/principal';
import type { EncryptionContext } from './encryption-context';
import type { KeyStore, KmsKey } from './key-store';
import type { JsonInput } from './request-fields';
import type { PolicyDocument } from '../core/policy-types';
import type { Decision } from '../core/authorizer';

/** One authenticated KMS request, as an operation sees it. */
export interface KmsCall {
  principal: Principal;
  input: JsonInput;
  keys: KeyStore;
  /** Epoch milliseconds, the service's clock. */
  now: () => number;
  /**
   * Throws AccessDeniedException unless the key policy (and, where it
   * delegates, the caller's IAM policies) allow `action` on `key`.
   * `key` null means an account-level action (CreateKey, ListKeys): IAM policies alone decide.
   */
  authorize(action: string, key: KmsKey | null, context?: EncryptionContext): void;
  /** The authorizer's decision against a policy that is not the key's yet (PutKeyPolicy's lockout check). */
  decide(action: string, key: KmsKey, policy: PolicyDocument): Decision;
}

/** A KMS operation: input in, JSON answer out, AwsJsonError for AWS-shaped failures. */
export type KmsOperation = (call: KmsCall) => Record<string, unknown>;
