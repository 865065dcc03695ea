import type { OpenIdSigner } from './open-id-signer';

/** The OpenID tokens' issuer, as on AWS; STS checks it. */
export const COGNITO_IDENTITY_ISSUER = 'https://cognito-identity.amazonaws.com';

/** GetOpenIdToken's tokens are valid for 10 minutes. */
const OPEN_ID_TOKEN_SECONDS = 600;

/** What STS learns from a valid OpenID token. */
export interface VerifiedOpenIdToken {
  identityId: string;
  identityPoolId: string;
  amr: string[];
  /** Epoch seconds. */
  expiresAt: number;
}

/** Why a token was refused: STS answers ExpiredTokenException or InvalidIdentityToken. */
export class OpenIdTokenError extends Error {
  constructor(
    readonly reason: 'expired' | 'invalid',
    message: string,
  ) {
    super(message);
  }
}

/** Verifies the identity service's OpenID tokens (handed to STS for AssumeRoleWithWebIdentity). */
export interface OpenIdTokenVerifier {
  /** @throws OpenIdTokenError */
  verify(token: string): VerifiedOpenIdToken;
}

/** Issues and verifies Cognito Identity OpenID tokens on a signer. */
export function createOpenIdTokens(signer: OpenIdSigner, issuer: string, now: () => number) {
  return {
    issue(identityId: string, identityPoolId: string, amr: string[]): string {
      const issuedAt = Math.floor(now() / 1000);
      return signer.sign({
        sub: identityId,
        aud: identityPoolId,
        amr,
        iss: issuer,
        iat: issuedAt,
        exp: issuedAt + OPEN_ID_TOKEN_SECONDS,
      });
    },

    verify(token: string): VerifiedOpenIdToken {
      const claims = signer.verify(token);
      if (!claims || claims.iss !== issuer) {
        throw new OpenIdTokenError(
          'invalid',
          'The ID Token provided is not a valid JWT or was not issued by this identity pool.',
        );
      }
      const { sub, aud, amr, exp } = claims;
      if (typeof sub !== 'string' || typeof aud !== 'string' || typeof exp !== 'number' || !Array.isArray(amr)) {
        throw new OpenIdTokenError('invalid', 'The ID Token provided lacks sub, aud, amr or exp.');
      }
      const nowSeconds = now() / 1000;
      if (exp <= nowSeconds) {
        throw new OpenIdTokenError(
          'expired',
          `Token expired: current date/time ${new Date(now()).toISOString()} must be before the expiration date/time ${new Date(exp * 1000).toISOString()}`,
        );
      }
      return { identityId: sub, identityPoolId: aud, amr: amr.map(String), expiresAt: exp };
    },
  };
}
