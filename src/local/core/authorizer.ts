import type { PolicyDocument } from './policy-types';
import type { Principal } from './principal';

/** One request to authorize, with the condition keys the service knows about it. */
export interface AuthzRequest {
  principal: Principal;
  /** e.g. 's3:GetObject', 'kms:GenerateDataKey' */
  action: string;
  /** e.g. 'arn:aws:s3:::bucket/private/id/file', 'arn:aws:kms:us-east-1:000000000000:key/…' */
  resource: string;
  /**
   * Condition keys and their values for this request, e.g. 's3:prefix',
   * 'kms:EncryptionContext:owner', 'kms:EncryptionContextKeys' (array),
   * 'aws:SecureTransport' (true on loopback: the request never leaves this machine).
   * Missing keys are treated as IAM does (absent).
   */
  context: Record<string, string | string[] | boolean | undefined>;
}

export type Decision = 'allow' | 'explicit-deny' | 'implicit-deny';

/**
 * Evaluates a request against the role's identity policies (from the model)
 * and the resource's policy (bucket policy or key policy, passed in because
 * they can change at run time).
 * - S3: allowed when the identity policies or the bucket policy allow it and nothing denies it.
 * - KMS: the key policy must allow it, either naming the principal or delegating to IAM
 *   through the account principal (then the identity policies must allow it too), and nothing denies it.
 * The account admin is allowed by IAM (like an administrator) but still subject to explicit denies.
 */
export interface Authorizer {
  authorize(request: AuthzRequest, resourcePolicy: PolicyDocument | null): Decision;
}
