/** Calls a signed-in user makes with their access token, and RevokeToken. */
import { AwsJsonError } from '../../core/http';
import type { Operation } from '../context';
import { checkPassword } from '../password-policy';
import { requireClientId, requiredString } from '../params';
import { passwordMatches } from '../srp';
import { srpCredentials } from '../users';
import { attributeList, mfaSettings } from '../views';

export const getUser: Operation = (pc, input) => {
  const { user } = pc.tokens.authenticateAccessToken(input.AccessToken);
  return { Username: user.username, UserAttributes: attributeList(user), ...mfaSettings(user) };
};

/** Revokes every sign-in of the user: refresh tokens stop working, access and ID tokens fail verification. */
export const globalSignOut: Operation = (pc, input) => {
  const { user } = pc.tokens.authenticateAccessToken(input.AccessToken);
  pc.refresh.revokeUser(user.sub);
  return {};
};

export const changePassword: Operation = (pc, input) => {
  const { user } = pc.tokens.authenticateAccessToken(input.AccessToken);
  const previous = requiredString(input, 'PreviousPassword', 256);
  const proposed = requiredString(input, 'ProposedPassword', 256);
  if (!passwordMatches(pc.poolName, user.username, previous, user.srp.salt, user.srp.verifier)) {
    throw new AwsJsonError('NotAuthorizedException', 'Incorrect username or password.');
  }
  checkPassword(pc.pool.passwordPolicy, proposed);
  pc.users.update(user, pc.now(), (u) => {
    u.srp = srpCredentials(pc.poolName, u.username, proposed);
  });
  return {};
};

/**
 * Revokes one refresh token and the access/ID tokens issued from it
 * (amazon-cognito-identity-js calls it from signOut(callback)). An unknown
 * token is not an error: revoking is idempotent.
 */
export const revokeToken: Operation = (pc, input) => {
  const clientId = requireClientId(pc, input);
  if (pc.pool.enableTokenRevocation === false) {
    throw new AwsJsonError('UnsupportedOperationException', 'Token revocation is not enabled for this app client.');
  }
  const token = requiredString(input, 'Token', 16384);
  const record = pc.refresh.find(token);
  if (record && record.clientId === clientId) pc.refresh.revokeOrigin(record.originJti);
  return {};
};

/**
 * SignUp is not modelled: the vault's pool lets only admins create users
 * (AdminCreateUserConfig.AllowAdminCreateUserOnly), which this answers as Cognito does.
 */
export const signUp: Operation = (pc, input) => {
  requireClientId(pc, input);
  if (pc.pool.allowAdminCreateUserOnly !== false) {
    throw new AwsJsonError('NotAuthorizedException', 'SignUp is not permitted for this user pool');
  }
  throw new AwsJsonError(
    'InvalidParameterException',
    'SignUp is not supported by the local user pool; use AdminCreateUser.',
  );
};
