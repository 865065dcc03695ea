import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js';
import type { LocalProfile } from '../../src/local/profile';

/** Signs in with USER_SRP_AUTH through the official amazon-cognito-identity-js client. */
export function srpSignIn(profile: LocalProfile, username: string, password: string): Promise<CognitoUserSession> {
  const pool = new CognitoUserPool({
    UserPoolId: profile.userPoolId,
    ClientId: profile.userPoolClientId,
    endpoint: `${profile.endpoint}/`,
  });
  const user = new CognitoUser({ Username: username, Pool: pool });
  return new Promise((resolve, reject) => {
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), {
      onSuccess: resolve,
      onFailure: reject,
      newPasswordRequired: () => reject(new Error('unexpected NEW_PASSWORD_REQUIRED')),
      totpRequired: () => reject(new Error('unexpected SOFTWARE_TOKEN_MFA')),
    });
  });
}
