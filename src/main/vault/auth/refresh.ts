/**
 * REFRESH_TOKEN_AUTH: new ID and access tokens from the refresh token.
 *
 * It goes through the library's JSON client rather than its refreshSession,
 * because refreshSession retries every failure for about six seconds — a
 * revoked refresh token (after a global sign-out) would keep the person
 * waiting for an answer that is already known. Here only failures that may
 * pass (no connection, throttling, 5xx) are retried.
 */
import { VaultError } from '../errors';
import type { VaultProfile } from '../profile';
import { cognitoErrorToVaultError, SESSION_ENDED } from './cognito-errors';
import { cognitoTokens, idTokenClaims, type CognitoTokens } from './tokens';
import { callUserPool, userPool } from './user-pool';

interface InitiateAuthOutput {
  AuthenticationResult?: { IdToken?: string; AccessToken?: string; RefreshToken?: string };
}

export interface RefreshOptions {
  /** Attempts in all, for failures that may pass. */
  attempts?: number;
  /** Wait before attempt n+1 (ms). */
  backoffMs?: (attempt: number) => number;
}

const defaultBackoff = (attempt: number): number => 250 * 4 ** (attempt - 1);

/**
 * Trades the refresh token for fresh ID and access tokens. The refresh token
 * is kept unless the pool rotates it (then the new one is returned: save it).
 * @param username the account the refresh token was issued to; a token of another account is refused.
 * @throws VaultError AUTH_REQUIRED "Your session has ended; sign in again." when the refresh token is revoked or expired
 */
export async function refresh(
  profile: VaultProfile,
  refreshToken: string,
  username: string,
  options: RefreshOptions = {},
): Promise<CognitoTokens> {
  if (!refreshToken) throw new VaultError('AUTH_REQUIRED', SESSION_ENDED);
  const attempts = options.attempts ?? 3;
  const backoff = options.backoffMs ?? defaultBackoff;
  const pool = userPool(profile);
  for (let attempt = 1; ; attempt += 1) {
    try {
      const output = await callUserPool<InitiateAuthOutput>(pool, 'InitiateAuth', {
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: profile.userPoolClientId,
        AuthParameters: { REFRESH_TOKEN: refreshToken },
      });
      const result = output.AuthenticationResult;
      if (!result?.IdToken || !result.AccessToken) {
        throw new VaultError('UNAVAILABLE', "The vault's sign-in service answered a refresh without tokens.");
      }
      const tokens = cognitoTokens(result.IdToken, result.AccessToken, result.RefreshToken || refreshToken);
      const owner = idTokenClaims(tokens.idToken).username;
      if (owner && username && owner.toLowerCase() !== username.toLowerCase()) {
        // A session store mix-up; acting as another account would be far worse than signing in again.
        throw new VaultError(
          'AUTH_REQUIRED',
          `The saved session belongs to "${owner}", not "${username}"; sign in again.`,
        );
      }
      return tokens;
    } catch (error) {
      const mapped = cognitoErrorToVaultError(error, 'session');
      const transient = mapped.code === 'NETWORK' || mapped.code === 'UNAVAILABLE';
      if (!transient || attempt >= attempts) throw mapped;
      await new Promise((resolve) => setTimeout(resolve, backoff(attempt)));
    }
  }
}
