/**
 * The vault as the local backend knows it: what infra/vault.yaml declares,
 * with CloudFormation's intrinsics resolved to this local account's names.
 * Produced once at start by src/local/template, read by every service.
 */
import type { PolicyDocument } from './policy-types';

export interface RoleModel {
  logicalId: string;
  arn: string;
  name: string;
  /** Seconds; AssumeRoleWithWebIdentity may ask for at most this. */
  maxSessionDuration: number;
  trustPolicy: PolicyDocument;
  /** The role's inline and attached policies. */
  policies: PolicyDocument[];
}

export interface BucketModel {
  name: string;
  arn: string;
  versioning: 'Enabled' | 'Suspended' | 'Off';
  publicAccessBlock: {
    BlockPublicAcls: boolean;
    IgnorePublicAcls: boolean;
    BlockPublicPolicy: boolean;
    RestrictPublicBuckets: boolean;
  };
  /** Default encryption as declared (the local store does not re-encrypt at rest; it reports the setting). */
  encryption: { sseAlgorithm: 'aws:kms' | 'AES256'; kmsKeyArn?: string; bucketKeyEnabled?: boolean } | null;
  /** Lifecycle rules in the shape S3's GetBucketLifecycleConfiguration returns them (JSON form). */
  lifecycleRules: Array<{
    ID: string;
    Status: 'Enabled' | 'Disabled';
    Prefix?: string;
    AbortIncompleteMultipartUpload?: { DaysAfterInitiation: number };
    NoncurrentVersionExpiration?: { NoncurrentDays: number };
    Expiration?: { Days: number };
  }>;
  logging: { targetBucket: string; targetPrefix: string } | null;
  cors: Array<{
    AllowedMethods: string[];
    AllowedOrigins: string[];
    AllowedHeaders?: string[];
    ExposedHeaders?: string[];
    MaxAge?: number;
  }>;
  policy: PolicyDocument | null;
}

export interface KeyModel {
  logicalId: string;
  keyId: string;
  arn: string;
  description: string;
  rotationEnabled: boolean;
  policy: PolicyDocument;
}

export interface UserPoolModel {
  id: string;
  name: string;
  arn: string;
  clientId: string;
  clientName: string;
  explicitAuthFlows: string[];
  passwordPolicy: {
    MinimumLength: number;
    RequireUppercase: boolean;
    RequireLowercase: boolean;
    RequireNumbers: boolean;
    RequireSymbols: boolean;
  };
  mfaConfiguration: 'OFF' | 'OPTIONAL' | 'ON';
  /** Token lifetimes in seconds. */
  accessTokenValidity: number;
  idTokenValidity: number;
  refreshTokenValidity: number;
  groups: Array<{ name: string; roleArn?: string; precedence?: number; description?: string }>;
  /*
   * Optional (added with the template loader; absent means the AWS default):
   */
  /** UsernameConfiguration.CaseSensitive; AWS's default for pools made through the API is true. */
  usernameCaseSensitive?: boolean;
  /** AdminCreateUserConfig.AllowAdminCreateUserOnly: SignUp is refused when true. */
  allowAdminCreateUserOnly?: boolean;
  /** Days a temporary password (AdminCreateUser) stays valid; AWS's default is 7. */
  temporaryPasswordValidityDays?: number;
  /** EnabledMfas, e.g. ['SOFTWARE_TOKEN_MFA']. */
  enabledMfas?: string[];
  /** The client's PreventUserExistenceErrors = ENABLED: unknown users get the same error as a wrong password. */
  preventUserExistenceErrors?: boolean;
  /** The client's EnableTokenRevocation (RevokeToken / global sign-out revoke refresh tokens). */
  enableTokenRevocation?: boolean;
}

export interface IdentityPoolModel {
  id: string;
  name: string;
  allowUnauthenticated: boolean;
  allowClassicFlow: boolean;
  /** serverSideTokenCheck (optional, added with the template loader): the pool checks the ID token was not revoked. */
  providers: Array<{ providerName: string; clientId: string; serverSideTokenCheck?: boolean }>;
  /** Default roles of the pool (RoleAttachment Roles). */
  authenticatedRoleArn?: string;
  /** Token-based mapping for the user pool provider. */
  roleMapping: { type: 'Token' | 'Rules'; ambiguousRoleResolution: 'AuthenticatedRole' | 'Deny' } | null;
}

export interface VaultModel {
  accountId: string;
  region: string;
  stackName: string;
  vaultId: string;
  bucket: BucketModel;
  /** The bucket receiving server access logs, when it is not the vault bucket itself. */
  logBucket: BucketModel | null;
  key: KeyModel;
  userPool: UserPoolModel;
  identityPool: IdentityPoolModel;
  roles: RoleModel[];
  /** The template's Outputs, resolved: exactly the app's connection profile fields. */
  outputs: Record<string, string>;
}

/** The physical ids a local vault keeps across restarts (generated on first start). */
export interface LocalIds {
  accountId: string;
  region: string;
  stackName: string;
  userPoolId: string;
  userPoolClientId: string;
  identityPoolId: string;
  keyId: string;
  /** Random suffix used where CloudFormation would generate a physical name. */
  suffix: string;
}
