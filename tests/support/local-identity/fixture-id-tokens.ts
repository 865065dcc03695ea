import { randomBytes } from 'node:crypto';
import { AwsJsonError } from '../../../src/local/core/http';
import type { IdTokenClaims, IdTokenVerifier } from '../../../src/local/core/id-tokens';
import { CLIENT_ID, USER_POOL_ID } from './vault-model';

/**
 * An IdTokenVerifier over opaque tokens minted by the test, standing in for
 * src/local/cognito-idp in tests of the identity pool alone.
 */
export function fixtureIdTokens(now: () => number = Date.now) {
  const tokens = new Map<string, IdTokenClaims>();
  const verifier: IdTokenVerifier = {
    verify(idToken: string, expectedClientId?: string): IdTokenClaims {
      const claims = tokens.get(idToken);
      if (!claims)
        throw new AwsJsonError(
          'NotAuthorizedException',
          'Invalid login token. Not a valid OpenId Connect identity token.',
        );
      if (claims.exp * 1000 <= now()) {
        throw new AwsJsonError(
          'NotAuthorizedException',
          `Invalid login token. Token expired: ${claims.exp} >= ${Math.floor(now() / 1000)}`,
        );
      }
      if (expectedClientId !== undefined && claims.aud !== expectedClientId) {
        throw new AwsJsonError('NotAuthorizedException', 'Invalid login token. Incorrect token audience.');
      }
      return claims;
    },
  };
  return {
    verifier,
    /** Mints a token for a user with these groups' roles (role ARNs in precedence order). */
    mint(
      sub: string,
      options: {
        roles?: string[];
        preferredRole?: string;
        groups?: string[];
        lifetimeSeconds?: number;
        clientId?: string;
      } = {},
    ) {
      const issuedAt = Math.floor(now() / 1000);
      const token = randomBytes(24).toString('base64url');
      tokens.set(token, {
        sub,
        'cognito:username': `user-${sub.slice(0, 8)}`,
        ...(options.groups ? { 'cognito:groups': options.groups } : {}),
        ...(options.roles ? { 'cognito:roles': options.roles } : {}),
        ...(options.preferredRole ? { 'cognito:preferred_role': options.preferredRole } : {}),
        aud: options.clientId ?? CLIENT_ID,
        iss: `http://127.0.0.1:1/${USER_POOL_ID}`,
        exp: issuedAt + (options.lifetimeSeconds ?? 3600),
        iat: issuedAt,
        auth_time: issuedAt,
        token_use: 'id',
      });
      return token;
    },
  };
}
