/**
 * What follows a proven password: NEW_PASSWORD_REQUIRED for a temporary
 * password, then SOFTWARE_TOKEN_MFA when TOTP is enabled, or MFA_SETUP when
 * MFA is required but the user has none, and finally the tokens.
 */
import { AwsJsonError } from '../core/http';
import type { PoolContext } from './context';
import type { UserRecord } from './users';

/** The body of InitiateAuth / RespondToAuthChallenge. */
export type AuthResponse =
  | { ChallengeName: string; Session?: string; ChallengeParameters: Record<string, string> }
  | { ChallengeParameters: Record<string, string>; AuthenticationResult: unknown };

/** After PASSWORD_VERIFIER (or USER_PASSWORD_AUTH) succeeded; `authTime` in epoch seconds. */
export function afterPassword(pc: PoolContext, user: UserRecord, clientId: string, authTime: number): AuthResponse {
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    if (user.temporaryPasswordExpiresAt !== undefined && user.temporaryPasswordExpiresAt <= pc.now()) {
      throw new AwsJsonError(
        'NotAuthorizedException',
        'Temporary password has expired and must be reset by an administrator.',
      );
    }
    // The library JSON-parses both parameters; `sub` is not an attribute the user may set.
    return {
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: pc.sessions.issue(user, clientId, 'NEW_PASSWORD_REQUIRED', authTime),
      ChallengeParameters: {
        USER_ID_FOR_SRP: user.username,
        requiredAttributes: '[]',
        userAttributes: JSON.stringify(user.attributes),
      },
    };
  }
  return afterPasswordSettled(pc, user, clientId, authTime);
}

/** Whether the user must have an MFA method: the pool requires it, or the user is flagged. */
export function mfaRequired(pc: PoolContext, user: UserRecord): boolean {
  return pc.pool.mfaConfiguration === 'ON' || user.mfaRequired;
}

/** After the password is permanent: MFA, MFA setup, or tokens. */
export function afterPasswordSettled(
  pc: PoolContext,
  user: UserRecord,
  clientId: string,
  authTime: number,
): AuthResponse {
  if (user.softwareTokenMfaEnabled && user.totp) {
    return {
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      Session: pc.sessions.issue(user, clientId, 'SOFTWARE_TOKEN_MFA', authTime),
      ChallengeParameters: { USER_ID_FOR_SRP: user.username },
    };
  }
  if (mfaRequired(pc, user)) {
    return {
      ChallengeName: 'MFA_SETUP',
      Session: pc.sessions.issue(user, clientId, 'MFA_SETUP', authTime),
      ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]', USER_ID_FOR_SRP: user.username },
    };
  }
  return signedIn(pc, user, clientId, authTime);
}

/** The final answer of a sign-in. */
export function signedIn(pc: PoolContext, user: UserRecord, clientId: string, authTime: number): AuthResponse {
  return { ChallengeParameters: {}, AuthenticationResult: pc.tokens.issue(user, clientId, { authTime }) };
}
