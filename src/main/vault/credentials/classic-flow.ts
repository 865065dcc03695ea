/**
 * The identity pool's classic (basic) flow: GetOpenIdToken, then STS
 * AssumeRoleWithWebIdentity with the duration the profile asks for (up to the
 * role's MaxSessionDuration, 12 h in the vault template) — what lets a share
 * link live longer than an hour.
 */
import { GetOpenIdTokenCommand } from '@aws-sdk/client-cognito-identity';
import { AssumeRoleWithWebIdentityCommand } from '@aws-sdk/client-sts';
import { idTokenClaims } from '../auth/tokens';
import { VaultError } from '../errors';
import type { VaultProfile } from '../profile';
import { loginsFor, type IdentityClients, type VaultCredentials } from './vault-credentials';

/**
 * The classic flow does not apply the pool's role mapping, so the client names
 * the role: the one the user pool put in the ID token for the person's groups
 * (`cognito:preferred_role`; a vault admin's is the admin role).
 */
export function roleForClassicFlow(idToken: string): string {
  const claims = idTokenClaims(idToken);
  const role = claims.preferredRole ?? (claims.roles.length === 1 ? claims.roles[0] : undefined);
  if (!role) {
    throw new VaultError(
      'ACCESS_DENIED',
      "Your account has no vault role (it is in no group with a role). Ask the vault's administrator to add you to vault-users.",
    );
  }
  return role;
}

/** STS's RoleSessionName: [\w+=,.@-]{2,64}; the username makes CloudTrail readable. */
export function roleSessionName(username: string): string {
  const safe = username.replace(/[^\w+=,.@-]/g, '_');
  return `s3vault-${safe}`.slice(0, 64);
}

/** Credentials for `sessionSeconds` (900 … 43200) through GetOpenIdToken and AssumeRoleWithWebIdentity. */
export async function classicFlowCredentials(
  clients: IdentityClients,
  profile: VaultProfile,
  identityId: string,
  idToken: string,
  sessionSeconds: number,
): Promise<VaultCredentials> {
  const roleArn = roleForClassicFlow(idToken);
  const { Token } = await clients.identity.send(
    new GetOpenIdTokenCommand({ IdentityId: identityId, Logins: loginsFor(profile, idToken) }),
  );
  if (!Token) throw new VaultError('UNAVAILABLE', 'The identity pool answered without an OpenID token.');
  const { Credentials: c } = await clients.sts.send(
    new AssumeRoleWithWebIdentityCommand({
      RoleArn: roleArn,
      RoleSessionName: roleSessionName(idTokenClaims(idToken).username),
      WebIdentityToken: Token,
      DurationSeconds: sessionSeconds,
    }),
  );
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
    throw new VaultError('UNAVAILABLE', 'STS answered without complete credentials.');
  }
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
    expiration: new Date(c.Expiration),
  };
}
