/** Sign-in with the vault's Cognito user pool (amazon-cognito-identity-js, USER_SRP_AUTH). */
export { signIn, normalizeTotpCode, CHALLENGE_LIFETIME_MS, type SignInOptions } from './sign-in';
export type {
  SignInStep,
  SignedInStep,
  PendingSignInStep,
  NewPasswordRequiredStep,
  TotpRequiredStep,
  TotpSetupRequiredStep,
} from './sign-in-steps';
export { PendingSignIns, type SignInProgress, type SignInView } from './pending-sign-ins';
export { refresh, type RefreshOptions } from './refresh';
export { globalSignOut, type SignOutResult } from './sign-out';
export { enableTotp, disableTotp, type TotpEnrollment } from './totp-setup';
export { forgotPassword, confirmForgotPassword, type CodeDelivery } from './forgot-password';
export { otpauthUri, TOTP_ISSUER } from './otpauth';
export { cognitoErrorToVaultError, INCORRECT_CREDENTIALS, SESSION_ENDED, WRONG_CODE } from './cognito-errors';
export {
  ADMIN_GROUP,
  cognitoTokens,
  decodeJwtPayload,
  idTokenClaims,
  isAdminToken,
  jwtExpiresAtMs,
  type CognitoTokens,
  type IdTokenClaims,
} from './tokens';
