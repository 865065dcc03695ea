/**
 * The user pool's health for this session: reachable and accepting the
 * session's access token (GetUser: a global sign-out or a revoked token shows
 * here at once, not at the next refresh), the tokens' expiry, and whether the
 * account has MFA (none is a warning: a password alone guards the vault).
 */
import { cognitoErrorToVaultError } from '../auth/cognito-errors';
import { callUserPool, userPool } from '../auth/user-pool';
import { jwtExpiresAtMs, type CognitoTokens } from '../auth/tokens';
import { VaultError } from '../errors';
import type { VaultProfile } from '../profile';
import type { Probe, ProbeDetails } from './probe-types';

/** The part of GetUser's answer we read; anything else in it is ignored. */
interface GetUserAnswer {
  Username?: unknown;
  UserMFASettingList?: unknown;
  PreferredMfaSetting?: unknown;
}

/** The User pool probe; `tokens` gives the session's tokens (refreshed first when close to expiry). */
export function userPoolProbe(profile: VaultProfile, tokens: (() => Promise<CognitoTokens>) | undefined): Probe {
  return {
    id: 'user-pool',
    name: 'User pool',
    async run({ now }) {
      if (!tokens) {
        return { state: 'warning', reason: 'This session holds no user pool tokens, so the pool cannot be checked.' };
      }
      const current = await tokens();
      const details: ProbeDetails = {
        accessTokenExpires: new Date(jwtExpiresAtMs(current.accessToken)).toISOString(),
        idTokenExpires: new Date(jwtExpiresAtMs(current.idToken)).toISOString(),
      };
      let answer: GetUserAnswer;
      try {
        answer = await callUserPool<GetUserAnswer>(userPool(profile), 'GetUser', { AccessToken: current.accessToken });
      } catch (error) {
        const mapped = cognitoErrorToVaultError(error, 'session');
        if (mapped.code === 'AUTH_REQUIRED') {
          throw new VaultError(
            'AUTH_REQUIRED',
            'The user pool no longer accepts this session (signed out everywhere, or revoked): sign in again.',
          );
        }
        throw mapped;
      }
      if (current.expiresAt.getTime() <= now()) {
        return { state: 'error', reason: "The session's tokens have expired: sign in again.", details };
      }
      const methods = Array.isArray(answer.UserMFASettingList)
        ? answer.UserMFASettingList.filter((item): item is string => typeof item === 'string')
        : [];
      details.mfa = methods.length > 0 ? methods.join(', ') : 'none';
      if (methods.length === 0) {
        return {
          state: 'warning',
          reason: 'The user pool answers, but this account has no MFA: only the password protects it.',
          details,
        };
      }
      return { state: 'ok', reason: 'The user pool answers and this account uses MFA.', details };
    },
  };
}
