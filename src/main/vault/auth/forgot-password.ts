/**
 * Forgot password: the user pool sends a code (e-mail for the vault's pool;
 * the local backend writes it to its log), and the code sets a new password.
 */
import { VaultError } from '../errors';
import type { VaultProfile } from '../profile';
import { cognitoErrorToVaultError } from './cognito-errors';
import { poolUser } from './user-pool';

/** Where the code went, masked by the pool ("a***@e***"). */
export interface CodeDelivery {
  destination: string;
  /** EMAIL or SMS. */
  medium: string;
}

function checkUsername(username: string): string {
  const name = typeof username === 'string' ? username.trim() : '';
  if (!name) throw new VaultError('INVALID_INPUT', 'Type your username.');
  return name;
}

/**
 * Asks the pool to send a reset code. With PreventUserExistenceErrors (the
 * vault template's setting) an unknown username gets the same answer.
 */
export async function forgotPassword(profile: VaultProfile, username: string): Promise<CodeDelivery> {
  const user = poolUser(profile, checkUsername(username));
  try {
    const data = await new Promise<unknown>((resolve, reject) =>
      user.forgotPassword({ onSuccess: resolve, onFailure: reject, inputVerificationCode: resolve }),
    );
    const details = (data as { CodeDeliveryDetails?: { Destination?: string; DeliveryMedium?: string } })
      ?.CodeDeliveryDetails;
    return { destination: details?.Destination ?? '', medium: details?.DeliveryMedium ?? 'EMAIL' };
  } catch (error) {
    throw cognitoErrorToVaultError(error, 'reset');
  }
}

/**
 * Sets a new password with the code from forgotPassword. A wrong code or a
 * password against the policy is INVALID_INPUT (try again); an expired code
 * needs a new forgotPassword.
 */
export async function confirmForgotPassword(
  profile: VaultProfile,
  username: string,
  code: string,
  newPassword: string,
): Promise<void> {
  const user = poolUser(profile, checkUsername(username));
  const trimmed = typeof code === 'string' ? code.trim() : '';
  if (!trimmed) throw new VaultError('INVALID_INPUT', 'Type the code from the reset message.');
  if (typeof newPassword !== 'string' || newPassword.length === 0) {
    throw new VaultError('INVALID_INPUT', 'Choose a new password.');
  }
  try {
    await new Promise<void>((resolve, reject) =>
      user.confirmPassword(trimmed, newPassword, { onSuccess: () => resolve(), onFailure: reject }),
    );
  } catch (error) {
    throw cognitoErrorToVaultError(error, 'reset');
  }
}
