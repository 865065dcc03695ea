/**
 * A library CognitoUser that holds a signed-in person's tokens, for the
 * library's calls that need an access token (GlobalSignOut, TOTP set-up).
 */
import {
  CognitoAccessToken,
  CognitoIdToken,
  CognitoRefreshToken,
  CognitoUserSession,
  type CognitoUser,
} from 'amazon-cognito-identity-js';
import type { VaultProfile } from '../profile';
import { idTokenClaims, type CognitoTokens } from './tokens';
import { poolUser } from './user-pool';

/** A CognitoUser with `tokens` as its session (nothing is cached: the pool's storage keeps nothing). */
export function signedInUser(profile: VaultProfile, tokens: CognitoTokens): CognitoUser {
  const username = idTokenClaims(tokens.idToken).username;
  const user = poolUser(profile, username);
  user.setSignInUserSession(
    new CognitoUserSession({
      IdToken: new CognitoIdToken({ IdToken: tokens.idToken }),
      AccessToken: new CognitoAccessToken({ AccessToken: tokens.accessToken }),
      RefreshToken: new CognitoRefreshToken({ RefreshToken: tokens.refreshToken }),
    }),
  );
  return user;
}
