/**
 * The contract between the user pool (src/local/cognito-idp) and the services
 * that accept its ID tokens (src/local/cognito-identity: GetId,
 * GetCredentialsForIdentity, GetOpenIdToken, role mapping by token).
 */

/** The claims of a verified ID token, as Amazon Cognito issues them. */
export interface IdTokenClaims {
  /** The user's immutable id (a UUID). */
  sub: string;
  'cognito:username': string;
  /** Group names, ordered by precedence (lowest number first); absent when the user is in no group. */
  'cognito:groups'?: string[];
  /** Role ARNs of the user's groups; absent when no group has a role. */
  'cognito:roles'?: string[];
  /** The role of the group with the lowest precedence; absent when that is ambiguous or no group has a role. */
  'cognito:preferred_role'?: string;
  email?: string;
  email_verified?: boolean;
  /** The app client id. */
  aud: string;
  /** `issuer()` of the user pool, e.g. http://127.0.0.1:PORT/<userPoolId>. */
  iss: string;
  /** Epoch seconds. */
  exp: number;
  iat: number;
  auth_time: number;
  token_use: 'id';
  event_id?: string;
  /** The sign-in this token descends from (shared by its refreshes); what global sign-out revokes. */
  origin_jti?: string;
  jti?: string;
}

/**
 * Verifies ID tokens issued by the local user pool: RS256 signature with the
 * pool's key, issuer, token_use 'id', expiry, audience (when given) and
 * revocation (global sign-out, disabled or deleted user).
 */
export interface IdTokenVerifier {
  /**
   * @returns the token's claims.
   * @throws AwsJsonError('NotAuthorizedException', 'Invalid login token. …') when the token is not acceptable.
   */
  verify(idToken: string, expectedClientId?: string): IdTokenClaims;
}
