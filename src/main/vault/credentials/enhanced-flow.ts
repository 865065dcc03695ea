/**
 * The identity pool's enhanced (simplified) flow: GetId, then
 * GetCredentialsForIdentity. The pool picks the role (token role mapping on
 * `cognito:preferred_role`), and the credentials last one hour.
 */
import { GetCredentialsForIdentityCommand, GetIdCommand } from '@aws-sdk/client-cognito-identity';
import { VaultError } from '../errors';
import type { VaultProfile } from '../profile';
import { loginsFor, type IdentityClients, type VaultCredentials } from './vault-credentials';

/** The person's identity id in the pool (the owner of `private/<identityId>/`); stable for a user. */
export async function getIdentityId(clients: IdentityClients, profile: VaultProfile, idToken: string): Promise<string> {
  const { IdentityId } = await clients.identity.send(
    new GetIdCommand({ IdentityPoolId: profile.identityPoolId, Logins: loginsFor(profile, idToken) }),
  );
  if (!IdentityId) throw new VaultError('UNAVAILABLE', 'The identity pool answered without an identity id.');
  return IdentityId;
}

/** One hour of credentials for the role the pool maps the ID token to. */
export async function enhancedFlowCredentials(
  clients: IdentityClients,
  profile: VaultProfile,
  identityId: string,
  idToken: string,
): Promise<VaultCredentials> {
  const { Credentials: c } = await clients.identity.send(
    new GetCredentialsForIdentityCommand({ IdentityId: identityId, Logins: loginsFor(profile, idToken) }),
  );
  // The identity pool names the secret `SecretKey` (not SecretAccessKey); the SDK parses Expiration to a Date.
  if (!c?.AccessKeyId || !c.SecretKey || !c.SessionToken || !c.Expiration) {
    throw new VaultError('UNAVAILABLE', 'The identity pool answered without complete credentials.');
  }
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretKey,
    sessionToken: c.SessionToken,
    expiration: new Date(c.Expiration),
  };
}
