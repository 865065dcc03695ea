/** RespondToAuthChallenge: PASSWORD_VERIFIER, NEW_PASSWORD_REQUIRED, SOFTWARE_TOKEN_MFA and MFA_SETUP. */
import { AwsJsonError } from '../../core/http';
import { afterPassword, afterPasswordSettled, signedIn, type AuthResponse } from '../challenges';
import type { Input, Operation, PoolContext } from '../context';
import { checkPassword } from '../password-policy';
import { requireClientId, requiredParameter, requiredString, stringMap } from '../params';
import type { SessionPayload } from '../sessions';
import { finishSrp } from '../srp-flow';
import { verifyTotp } from '../totp';
import { srpCredentials, type UserRecord } from '../users';
import { applyUserAttributes } from './attributes';

/** The library sends USERNAME with every response; when present it must be the session's user. */
function checkUsername(pc: PoolContext, responses: Record<string, unknown>, payload: SessionPayload): void {
  const username = responses.USERNAME;
  if (username !== undefined && (typeof username !== 'string' || pc.users.key(username) !== pc.users.key(payload.u))) {
    throw new AwsJsonError('NotAuthorizedException', 'Invalid session for the user, session is expired.');
  }
}

function newPasswordRequired(
  pc: PoolContext,
  input: Input,
  responses: Record<string, unknown>,
  clientId: string,
): AuthResponse {
  const { payload, user } = pc.sessions.open(input.Session, 'NEW_PASSWORD_REQUIRED', clientId);
  checkUsername(pc, responses, payload);
  const password = requiredParameter(responses, 'NEW_PASSWORD');
  checkPassword(pc.pool.passwordPolicy, password);
  const attributes: Array<{ Name: string; Value: string }> = [];
  for (const [name, value] of Object.entries(responses)) {
    if (name.startsWith('userAttributes.') && typeof value === 'string') {
      attributes.push({ Name: name.slice('userAttributes.'.length), Value: value });
    }
  }
  pc.users.update(user, pc.now(), (u) => {
    applyUserAttributes(u, attributes);
    u.srp = srpCredentials(pc.poolName, u.username, password);
    u.status = 'CONFIRMED';
    delete u.temporaryPasswordExpiresAt;
  });
  pc.sessions.consume(payload);
  return afterPasswordSettled(pc, user, clientId, payload.at);
}

function softwareTokenMfa(
  pc: PoolContext,
  input: Input,
  responses: Record<string, unknown>,
  clientId: string,
): AuthResponse {
  const { payload, user } = pc.sessions.open(input.Session, 'SOFTWARE_TOKEN_MFA', clientId);
  checkUsername(pc, responses, payload);
  const code = requiredParameter(responses, 'SOFTWARE_TOKEN_MFA_CODE');
  const step = user.totp ? verifyTotp(user.totp.secret, code, pc.now(), user.totp.lastUsedStep) : null;
  if (step === null || !user.totp) {
    pc.sessions.fail(payload);
    throw new AwsJsonError('CodeMismatchException', 'Invalid code received for user');
  }
  user.totp.lastUsedStep = step;
  pc.users.touch();
  pc.sessions.consume(payload);
  return signedIn(pc, user, clientId, payload.at);
}

function mfaSetup(pc: PoolContext, input: Input, responses: Record<string, unknown>, clientId: string): AuthResponse {
  const { payload, user } = pc.sessions.open(input.Session, 'MFA_SETUP', clientId);
  checkUsername(pc, responses, payload);
  // Only a session that VerifySoftwareToken returned proves the new authenticator works.
  if (payload.st !== 'verified' || !user.totp) {
    throw new AwsJsonError('InvalidParameterException', 'Software token MFA has not been verified for this session.');
  }
  pc.sessions.consume(payload);
  return signedIn(pc, user, clientId, payload.at);
}

export const respondToAuthChallenge: Operation = (pc: PoolContext, input: Input): AuthResponse => {
  const challenge = requiredString(input, 'ChallengeName');
  const clientId = requireClientId(pc, input);
  const responses = stringMap(input, 'ChallengeResponses');
  switch (challenge) {
    case 'PASSWORD_VERIFIER': {
      const user: UserRecord = finishSrp(pc, responses, clientId);
      return afterPassword(pc, user, clientId, Math.floor(pc.now() / 1000));
    }
    case 'NEW_PASSWORD_REQUIRED':
      return newPasswordRequired(pc, input, responses, clientId);
    case 'SOFTWARE_TOKEN_MFA':
      return softwareTokenMfa(pc, input, responses, clientId);
    case 'MFA_SETUP':
      return mfaSetup(pc, input, responses, clientId);
    default:
      throw new AwsJsonError('InvalidParameterException', `Unsupported challenge ${challenge} for this user pool.`);
  }
};
