/** InitiateAuth: USER_SRP_AUTH, REFRESH_TOKEN_AUTH (alias REFRESH_TOKEN) and USER_PASSWORD_AUTH. */
import { AwsJsonError } from '../../core/http';
import { afterPassword, type AuthResponse } from '../challenges';
import type { Input, Operation, PoolContext } from '../context';
import { requireClientId, requiredParameter, requiredString, stringMap, validationError } from '../params';
import { passwordMatches } from '../srp';
import { startSrp } from '../srp-flow';
import type { UserRecord } from '../users';
import { requireFlow } from './auth-flows';

const FLOWS = [
  'USER_SRP_AUTH',
  'REFRESH_TOKEN_AUTH',
  'REFRESH_TOKEN',
  'CUSTOM_AUTH',
  'ADMIN_NO_SRP_AUTH',
  'USER_PASSWORD_AUTH',
  'ADMIN_USER_PASSWORD_AUTH',
  'USER_AUTH',
];

/** Only for clients with PreventUserExistenceErrors LEGACY; otherwise an unknown user looks like a wrong password. */
const userNotFound = (): AwsJsonError => new AwsJsonError('UserNotFoundException', 'User does not exist.');

/** A user may start signing in unless disabled or awaiting a password reset. */
function checkCanSignIn(user: UserRecord | undefined): void {
  if (!user) return;
  if (!user.enabled) throw new AwsJsonError('NotAuthorizedException', 'User is disabled.');
  if (user.status === 'RESET_REQUIRED') {
    throw new AwsJsonError('PasswordResetRequiredException', 'Password reset required for the user');
  }
}

export const initiateAuth: Operation = (pc: PoolContext, input: Input): AuthResponse => {
  const flow = requiredString(input, 'AuthFlow');
  if (!FLOWS.includes(flow)) {
    throw validationError('AuthFlow', flow, `Member must satisfy enum value set: [${FLOWS.join(', ')}]`);
  }
  const clientId = requireClientId(pc, input);
  const parameters = stringMap(input, 'AuthParameters');

  switch (flow) {
    case 'USER_SRP_AUTH': {
      requireFlow(pc.pool, 'USER_SRP_AUTH');
      const username = requiredParameter(parameters, 'USERNAME');
      const srpA = requiredParameter(parameters, 'SRP_A');
      const user = pc.users.get(username);
      if (!user && pc.pool.preventUserExistenceErrors === false) throw userNotFound();
      checkCanSignIn(user);
      return { ChallengeName: 'PASSWORD_VERIFIER', ChallengeParameters: startSrp(pc, username, user, srpA, clientId) };
    }
    case 'REFRESH_TOKEN_AUTH':
    case 'REFRESH_TOKEN': {
      requireFlow(pc.pool, 'REFRESH_TOKEN_AUTH');
      const refreshToken = requiredParameter(parameters, 'REFRESH_TOKEN');
      return { ChallengeParameters: {}, AuthenticationResult: pc.tokens.refreshTokens(refreshToken, clientId) };
    }
    case 'USER_PASSWORD_AUTH': {
      requireFlow(pc.pool, 'USER_PASSWORD_AUTH');
      const username = requiredParameter(parameters, 'USERNAME');
      const password = requiredParameter(parameters, 'PASSWORD');
      const user = pc.users.get(username);
      if (!user && pc.pool.preventUserExistenceErrors === false) throw userNotFound();
      // Checking against the verifier: the same proof SRP gives, without storing the password.
      if (!user || !passwordMatches(pc.poolName, user.username, password, user.srp.salt, user.srp.verifier)) {
        throw new AwsJsonError('NotAuthorizedException', 'Incorrect username or password.');
      }
      checkCanSignIn(user);
      return afterPassword(pc, user, clientId, Math.floor(pc.now() / 1000));
    }
    case 'ADMIN_NO_SRP_AUTH':
    case 'ADMIN_USER_PASSWORD_AUTH':
      throw new AwsJsonError('InvalidParameterException', 'Initiate Auth method not supported.');
    default:
      throw new AwsJsonError('InvalidParameterException', `${flow} flow not enabled for this client`);
  }
};
