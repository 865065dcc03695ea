import { AwsJsonError } from '../core/http';
import type { IdTokenClaims, IdTokenVerifier } from '../core/id-tokens';
import type { IdentityPoolModel } from '../core/model';
import { invalidParameter, notAuthorized } from './identity-errors';

/** A login of the request (`Logins` map entry) whose ID token checked out. */
export interface VerifiedLogin {
  /** e.g. cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC */
  providerName: string;
  claims: IdTokenClaims;
}

/**
 * Checks a request's Logins map: each key must be a provider of the pool and
 * each value a valid ID token of that user pool for the pool's app client.
 * Returns the verified logins (none when the map is absent or empty).
 */
export function verifyLogins(pool: IdentityPoolModel, logins: unknown, idTokens: IdTokenVerifier): VerifiedLogin[] {
  if (logins === undefined || logins === null) return [];
  if (typeof logins !== 'object' || Array.isArray(logins))
    throw invalidParameter('Logins must be a map of provider names to tokens.');
  return Object.entries(logins).map(([providerName, token]) => {
    const provider = pool.providers.find((p) => p.providerName === providerName);
    if (!provider) throw notAuthorized('Token is not from a supported provider of this identity pool.');
    if (typeof token !== 'string' || token === '')
      throw notAuthorized('Invalid login token. Not a valid OpenId Connect identity token.');
    let claims: IdTokenClaims;
    try {
      claims = idTokens.verify(token, provider.clientId);
    } catch (error) {
      // The user pool says NotAuthorizedException with 400; the identity pool's model says 403.
      throw notAuthorized(error instanceof AwsJsonError ? error.message : 'Invalid login token.');
    }
    // The local issuer is a loopback URL, not cognito-idp.<region>.amazonaws.com: compare the pool id it ends with.
    const userPoolId = providerName.slice(providerName.indexOf('/') + 1);
    if (!claims.iss.endsWith(`/${userPoolId}`))
      throw notAuthorized("Invalid login token. Issuer doesn't match providerName");
    return { providerName, claims };
  });
}
