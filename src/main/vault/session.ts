/**
 * What the rest of the engine needs from a signed-in person: who they are in
 * the vault, and AWS credentials that stay fresh. Produced by the auth and
 * credentials modules; consumed by transfers, files, shares and status.
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { VaultProfile } from './profile';

export interface VaultSession {
  profile: VaultProfile;
  username: string;
  /** The Cognito identity id: the owner of `private/<identityId>/` and the `owner` encryption context. */
  identityId: string;
  /** Member of vault-admins (bucket-wide metrics and access logs). */
  isAdmin: boolean;
  /**
   * An AWS SDK credential provider: resolves to credentials valid for at
   * least a few more minutes, refreshing them (also in the middle of a long
   * transfer) before they expire. Pass it as `credentials` to S3Client / KMS.
   */
  credentials: AwsCredentialIdentityProvider;
  /** The credentials in use now (for the true expiry of share links), refreshed first when close to expiry. */
  currentCredentials(): Promise<AwsCredentialIdentity & { expiration: Date }>;
}
