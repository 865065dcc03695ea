/**
 * A VaultSession for engine tests, from a direct sign-in: SRP with
 * amazon-cognito-identity-js, then the identity pool's enhanced flow
 * (GetId + GetCredentialsForIdentity). Credentials are not refreshed: tests
 * finish well within their hour.
 */
import {
  CognitoIdentityClient,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
} from '@aws-sdk/client-cognito-identity';
import type { LocalProfile } from '../../src/local/profile';
import { parseVaultProfile } from '../../src/main/vault/profile';
import type { VaultSession } from '../../src/main/vault/session';
import { srpSignIn } from './srp-sign-in';

export async function signInTestSession(
  profile: LocalProfile,
  username: string,
  password: string,
): Promise<VaultSession> {
  const cognito = await srpSignIn(profile, username, password);
  const idToken = cognito.getIdToken().getJwtToken();
  const identity = new CognitoIdentityClient({ region: profile.region, endpoint: profile.endpoint });
  const logins = { [`cognito-idp.${profile.region}.amazonaws.com/${profile.userPoolId}`]: idToken };
  try {
    const { IdentityId } = await identity.send(
      new GetIdCommand({ IdentityPoolId: profile.identityPoolId, Logins: logins }),
    );
    const { Credentials } = await identity.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins }));
    const credentials = {
      accessKeyId: Credentials!.AccessKeyId!,
      secretAccessKey: Credentials!.SecretKey!,
      sessionToken: Credentials!.SessionToken!,
      expiration: Credentials!.Expiration!,
    };
    const groups = (cognito.getIdToken().payload['cognito:groups'] as string[] | undefined) ?? [];
    return {
      profile: parseVaultProfile(profile),
      username,
      identityId: IdentityId!,
      isAdmin: groups.includes('vault-admins'),
      credentials: async () => credentials,
      currentCredentials: async () => credentials,
    };
  } finally {
    identity.destroy();
  }
}
