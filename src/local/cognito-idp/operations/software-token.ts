/**
 * TOTP set-up and preferences: AssociateSoftwareToken, VerifySoftwareToken
 * (each by AccessToken, or by the Session of an MFA_SETUP challenge) and
 * SetUserMFAPreference.
 */
import { AwsJsonError } from '../../core/http';
import type { Input, Operation, PoolContext } from '../context';
import { optionalString } from '../params';
import type { SessionPayload } from '../sessions';
import { newTotpSecret, verifyTotp } from '../totp';
import type { UserRecord } from '../users';

/** The caller: a signed-in user (AccessToken) or one in the middle of MFA_SETUP (Session). */
function caller(pc: PoolContext, input: Input): { user: UserRecord; session?: SessionPayload } {
  const accessToken = optionalString(input, 'AccessToken', 16384);
  if (accessToken !== undefined) return { user: pc.tokens.authenticateAccessToken(accessToken).user };
  if (input.Session !== undefined && input.Session !== null) {
    const { payload, user } = pc.sessions.open(input.Session, 'MFA_SETUP');
    return { user, session: payload };
  }
  throw new AwsJsonError('InvalidParameterException', 'Either AccessToken or Session must be provided.');
}

export const associateSoftwareToken: Operation = (pc, input) => {
  const { user, session } = caller(pc, input);
  const secret = newTotpSecret();
  // The new secret waits beside any current one until a code proves the authenticator has it.
  pc.users.update(user, pc.now(), (u) => {
    u.pendingTotpSecret = secret;
  });
  if (!session) return { SecretCode: secret };
  pc.sessions.consume(session);
  return { SecretCode: secret, Session: pc.sessions.issue(user, session.cid, 'MFA_SETUP', session.at, 'associated') };
};

export const verifySoftwareToken: Operation = (pc, input) => {
  const { user, session } = caller(pc, input);
  const code = optionalString(input, 'UserCode', 6);
  if (!user.pendingTotpSecret) {
    throw new AwsJsonError(
      'SoftwareTokenMFANotFoundException',
      'Software Token MFA has not been associated with this user.',
    );
  }
  const step = verifyTotp(user.pendingTotpSecret, code, pc.now());
  if (step === null) {
    if (session) pc.sessions.fail(session);
    throw new AwsJsonError('EnableSoftwareTokenMFAException', 'Code mismatch and fail enable Software Token MFA');
  }
  const secret = user.pendingTotpSecret;
  pc.users.update(user, pc.now(), (u) => {
    // The step is spent here too, so the set-up code cannot double as the next sign-in's code.
    u.totp = { secret, lastUsedStep: step };
    delete u.pendingTotpSecret;
    if (session) {
      // Set-up during sign-in happens because MFA is required: it is on from now.
      u.softwareTokenMfaEnabled = true;
      u.softwareTokenMfaPreferred = true;
    }
  });
  if (!session) return { Status: 'SUCCESS' };
  pc.sessions.consume(session);
  return { Status: 'SUCCESS', Session: pc.sessions.issue(user, session.cid, 'MFA_SETUP', session.at, 'verified') };
};

interface MfaSettings {
  Enabled?: boolean;
  PreferredEnabled?: boolean;
}

function settings(input: Input, name: string): MfaSettings | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value))
    throw new AwsJsonError('SerializationException', `${name} must be an object`);
  return value as MfaSettings;
}

/** Applies MFA preferences to a user (shared with AdminSetUserMFAPreference). */
export function applyMfaPreference(pc: PoolContext, user: UserRecord, input: Input): void {
  for (const name of ['SMSMfaSettings', 'EmailMfaSettings']) {
    const other = settings(input, name);
    if (other?.Enabled || other?.PreferredEnabled) {
      throw new AwsJsonError(
        'InvalidParameterException',
        `${name.replace('Settings', '')} is not configured for this user pool.`,
      );
    }
  }
  const totp = settings(input, 'SoftwareTokenMfaSettings');
  if (!totp) return;
  const enable = totp.Enabled === true || totp.PreferredEnabled === true;
  const poolAllowsTotp =
    pc.pool.mfaConfiguration !== 'OFF' &&
    (pc.pool.enabledMfas ?? ['SOFTWARE_TOKEN_MFA']).includes('SOFTWARE_TOKEN_MFA');
  if (enable && !poolAllowsTotp) {
    throw new AwsJsonError('InvalidParameterException', 'Software token MFA is not enabled for this user pool.');
  }
  if (enable && !user.totp) {
    throw new AwsJsonError('InvalidParameterException', 'User has not verified software token mfa');
  }
  pc.users.update(user, pc.now(), (u) => {
    if (totp.Enabled === false) {
      u.softwareTokenMfaEnabled = false;
      u.softwareTokenMfaPreferred = false;
      return;
    }
    if (enable) u.softwareTokenMfaEnabled = true;
    if (totp.PreferredEnabled !== undefined) u.softwareTokenMfaPreferred = totp.PreferredEnabled;
  });
}

export const setUserMfaPreference: Operation = (pc, input) => {
  const { user } = pc.tokens.authenticateAccessToken(input.AccessToken);
  applyMfaPreference(pc, user, input);
  return {};
};
