/**
 * The otpauth:// URI authenticator apps read from a QR code (Google
 * Authenticator's Key Uri Format): label "Issuer:account", the base32 secret,
 * and the issuer again as a parameter so apps group the entry correctly.
 */

/** What authenticator apps show above the code. */
export const TOTP_ISSUER = 'S3 Vault';

/** `otpauth://totp/S3%20Vault:<user>?secret=<base32>&issuer=S3%20Vault` */
export function otpauthUri(username: string, secretCode: string, issuer = TOTP_ISSUER): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(username)}`;
  // Apps expect the secret in upper case without padding; Cognito's already is, this only guards.
  const secret = secretCode.replace(/[\s=]/g, '').toUpperCase();
  return `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(issuer)}`;
}
