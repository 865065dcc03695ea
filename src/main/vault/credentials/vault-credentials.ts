/**
 * AWS credentials as the engine hands them out, and the identity-pool and STS
 * clients that produce them, pointed at the profile's endpoint.
 */
import { CognitoIdentityClient } from '@aws-sdk/client-cognito-identity';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { VaultProfile } from '../profile';

/** Temporary credentials with their expiry (always known for identity-pool and STS credentials). */
export type VaultCredentials = AwsCredentialIdentity & { expiration: Date };

/** The SDK clients one session uses (GetId, GetCredentialsForIdentity, GetOpenIdToken are unsigned, as is AssumeRoleWithWebIdentity). */
export interface IdentityClients {
  identity: CognitoIdentityClient;
  sts: STSClient;
}

/** Clients for the profile's region and endpoint. */
export function identityClients(profile: VaultProfile): IdentityClients {
  const common = {
    region: profile.region,
    ...(profile.endpoint ? { endpoint: profile.endpoint } : {}),
    maxAttempts: 3,
  };
  return { identity: new CognitoIdentityClient(common), sts: new STSClient(common) };
}

/** `Logins` for the identity pool: `cognito-idp.<region>.amazonaws.com/<userPoolId>` → the ID token. */
export function loginsFor(profile: VaultProfile, idToken: string): Record<string, string> {
  return { [`cognito-idp.${profile.region}.amazonaws.com/${profile.userPoolId}`]: idToken };
}
