/**
 * Global sign-out: the user pool revokes every refresh token of the account
 * (this device's and every other's), and the access and ID tokens issued from
 * them stop being accepted.
 */
import { VaultError } from '../errors';
import type { VaultProfile } from '../profile';
import { cognitoErrorToVaultError } from './cognito-errors';
import { refresh } from './refresh';
import { signedInUser } from './signed-in-user';
import { idTokenClaims, jwtExpiresAtMs, type CognitoTokens } from './tokens';

/** `already-ended`: the tokens had been revoked or had expired, so there was nothing left to revoke. */
export type SignOutResult = 'signed-out' | 'already-ended';

/** The access token must outlive the call by this much, or it is refreshed first. */
const ACCESS_TOKEN_MARGIN_MS = 30_000;

/**
 * Signs the account out everywhere (GlobalSignOut). Refreshes the access
 * token first when it is about to expire.
 * @throws VaultError NETWORK / UNAVAILABLE when the user pool cannot be reached: nothing was revoked then
 */
export async function globalSignOut(
  profile: VaultProfile,
  tokens: CognitoTokens,
  options: { now?: () => number } = {},
): Promise<SignOutResult> {
  const now = options.now ?? Date.now;
  let current = tokens;
  if (jwtExpiresAtMs(current.accessToken) - now() < ACCESS_TOKEN_MARGIN_MS) {
    try {
      current = await refresh(profile, current.refreshToken, idTokenClaims(current.idToken).username);
    } catch (error) {
      if (error instanceof VaultError && error.code === 'AUTH_REQUIRED') return 'already-ended';
      throw error;
    }
  }
  const user = signedInUser(profile, current);
  try {
    await new Promise<void>((resolve, reject) => user.globalSignOut({ onSuccess: () => resolve(), onFailure: reject }));
    return 'signed-out';
  } catch (error) {
    const mapped = cognitoErrorToVaultError(error, 'session');
    if (mapped.code === 'AUTH_REQUIRED') return 'already-ended';
    throw mapped;
  }
}
