/**
 * TOTP for a signed-in person: AssociateSoftwareToken gives a secret to show
 * (QR code), VerifySoftwareToken proves the app has it, SetUserMFAPreference
 * turns it on. Two calls from the UI: `enableTotp`, then `confirm(code)`.
 */
import type { IMfaSettings } from 'amazon-cognito-identity-js';
import type { VaultProfile } from '../profile';
import { cognitoErrorToVaultError } from './cognito-errors';
import { otpauthUri } from './otpauth';
import { normalizeTotpCode } from './sign-in';
import { signedInUser } from './signed-in-user';
import { idTokenClaims, type CognitoTokens } from './tokens';

export interface TotpEnrollment {
  /** Base32 secret, for typing into an authenticator app. */
  secretCode: string;
  /** For a QR code. */
  otpauthUri: string;
  /**
   * Verifies the first code and makes TOTP the account's MFA. A wrong code is
   * INVALID_INPUT and `confirm` may be called again.
   */
  confirm(code: string): Promise<void>;
}

/** The API takes PreferredEnabled; the library's IMfaSettings type names it otherwise but passes it on. */
function totpSettings(enabled: boolean): IMfaSettings {
  return { Enabled: enabled, PreferredEnabled: enabled } as unknown as IMfaSettings;
}

function setTotpPreference(profile: VaultProfile, tokens: CognitoTokens, enabled: boolean): Promise<void> {
  const user = signedInUser(profile, tokens);
  return new Promise<void>((resolve, reject) =>
    user.setUserMfaPreference(null, totpSettings(enabled), (error) => (error ? reject(error) : resolve())),
  ).catch((error: unknown) => {
    throw cognitoErrorToVaultError(error, 'session');
  });
}

/**
 * Starts TOTP set-up for a signed-in person (fresh tokens: see
 * SignedInVaultSession.tokens()).
 */
export async function enableTotp(profile: VaultProfile, tokens: CognitoTokens): Promise<TotpEnrollment> {
  const user = signedInUser(profile, tokens);
  let secretCode: string;
  try {
    secretCode = await new Promise<string>((resolve, reject) =>
      user.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }),
    );
  } catch (error) {
    throw cognitoErrorToVaultError(error, 'session');
  }
  return {
    secretCode,
    otpauthUri: otpauthUri(idTokenClaims(tokens.idToken).username, secretCode),
    async confirm(code: string) {
      const digits = normalizeTotpCode(code);
      try {
        await new Promise<unknown>((resolve, reject) =>
          user.verifySoftwareToken(digits, 'S3 Vault', { onSuccess: resolve, onFailure: reject }),
        );
      } catch (error) {
        throw cognitoErrorToVaultError(error, 'challenge');
      }
      await setTotpPreference(profile, tokens, true);
    },
  };
}

/** Turns TOTP off for a signed-in person (where the pool does not require MFA). */
export function disableTotp(profile: VaultProfile, tokens: CognitoTokens): Promise<void> {
  return setTotpPreference(profile, tokens, false);
}
