/**
 * ID, access and refresh tokens as Cognito issues them, and their
 * verification (for this service's own calls and, through IdTokenVerifier,
 * for the identity pool).
 */
import { randomUUID } from 'node:crypto';
import { AwsJsonError } from '../core/http';
import type { IdTokenClaims, IdTokenVerifier } from '../core/id-tokens';
import type { UserPoolModel } from '../core/model';
import { signJwt, verifyJwt } from '../core/rs256-jwt';
import { groupClaims } from './group-claims';
import type { PoolKeys } from './keys';
import type { RefreshStore } from './refresh-store';
import type { UserRecord, UserStore } from './users';

/** The AuthenticationResult of InitiateAuth / RespondToAuthChallenge. */
export interface AuthenticationResult {
  AccessToken: string;
  ExpiresIn: number;
  TokenType: 'Bearer';
  RefreshToken?: string;
  IdToken: string;
}

/** Claims of a verified access token. */
export interface AccessClaims {
  sub: string;
  username: string;
  client_id: string;
  origin_jti: string;
  token_use: 'access';
  exp: number;
  iat: number;
  auth_time: number;
}

export interface TokenServiceOptions {
  pool: UserPoolModel;
  keys: PoolKeys;
  users: UserStore;
  refresh: RefreshStore;
  issuer: () => string;
  now: () => number;
}

const seconds = (ms: number): number => Math.floor(ms / 1000);

export class TokenService implements IdTokenVerifier {
  constructor(private readonly options: TokenServiceOptions) {}

  /**
   * Issues tokens. For a completed sign-in (`from.originJti` absent) this
   * starts a new origin and returns a refresh token; for a refresh it keeps the
   * refresh token's origin and returns none (Cognito without refresh-token
   * rotation). `from.authTime` is when the user proved their password (epoch s).
   */
  issue(user: UserRecord, clientId: string, from: { authTime: number; originJti?: string }): AuthenticationResult {
    const { pool, keys, now } = this.options;
    const iat = seconds(now());
    const originJti = from.originJti ?? randomUUID();
    const authTime = from.authTime;
    const eventId = randomUUID();
    // Group membership is read at issue time, so a refresh picks up groups an admin changed.
    const { groups, roles, preferredRole } = groupClaims(pool.groups, user.groups);
    const groupsClaim = groups.length > 0 ? { 'cognito:groups': groups } : {};

    const attributes: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(user.attributes)) {
      attributes[name] = name.endsWith('_verified') ? value === 'true' : value;
    }
    const idPayload = {
      ...attributes,
      sub: user.sub,
      ...groupsClaim,
      iss: this.options.issuer(),
      'cognito:username': user.username,
      origin_jti: originJti,
      ...(roles.length > 0 ? { 'cognito:roles': roles } : {}),
      aud: clientId,
      event_id: eventId,
      token_use: 'id',
      auth_time: authTime,
      ...(preferredRole ? { 'cognito:preferred_role': preferredRole } : {}),
      exp: iat + pool.idTokenValidity,
      iat,
      jti: randomUUID(),
    };
    const accessPayload = {
      sub: user.sub,
      ...groupsClaim,
      iss: this.options.issuer(),
      client_id: clientId,
      origin_jti: originJti,
      event_id: eventId,
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      auth_time: authTime,
      exp: iat + pool.accessTokenValidity,
      iat,
      jti: randomUUID(),
      username: user.username,
    };
    const result: AuthenticationResult = {
      AccessToken: signJwt(accessPayload, keys),
      ExpiresIn: pool.accessTokenValidity,
      TokenType: 'Bearer',
      IdToken: signJwt(idPayload, keys),
    };
    if (!from.originJti) {
      result.RefreshToken = this.options.refresh.create({
        username: user.username,
        sub: user.sub,
        clientId,
        originJti,
        authTime,
        expiresAt: now() + pool.refreshTokenValidity * 1000,
      });
    }
    return result;
  }

  /** REFRESH_TOKEN_AUTH: new access and ID tokens for a live refresh token of this client. */
  refreshTokens(refreshToken: unknown, clientId: string): AuthenticationResult {
    const invalid = (message = 'Invalid Refresh Token'): never => {
      throw new AwsJsonError('NotAuthorizedException', message);
    };
    if (typeof refreshToken !== 'string' || refreshToken.length === 0) return invalid();
    const record = this.options.refresh.find(refreshToken);
    if (!record || record.clientId !== clientId) return invalid();
    if (this.options.refresh.isRevoked(record.originJti)) return invalid('Refresh Token has been revoked');
    if (record.expiresAt <= this.options.now()) return invalid('Refresh Token has expired');
    const user = this.options.users.get(record.username);
    if (!user || user.sub !== record.sub) return invalid();
    if (!user.enabled) return invalid('User is disabled.');
    return this.issue(user, clientId, { originJti: record.originJti, authTime: record.authTime });
  }

  /** The user behind an access token (GetUser, ChangePassword, GlobalSignOut, TOTP calls). */
  authenticateAccessToken(token: unknown): { user: UserRecord; claims: AccessClaims } {
    const fail = (message: string): never => {
      throw new AwsJsonError('NotAuthorizedException', message);
    };
    const payload = verifyJwt(token, this.options.keys);
    if (!payload || payload.token_use !== 'access' || payload.iss !== this.options.issuer()) {
      return fail('Invalid Access Token');
    }
    const claims = payload as unknown as AccessClaims;
    if (claims.client_id !== this.options.pool.clientId) return fail('Invalid Access Token');
    if (typeof claims.exp !== 'number' || claims.exp <= seconds(this.options.now()))
      return fail('Access Token has expired');
    if (this.options.refresh.isRevoked(claims.origin_jti)) return fail('Access Token has been revoked');
    const user = this.options.users.get(claims.username);
    if (!user || user.sub !== claims.sub) throw new AwsJsonError('UserNotFoundException', 'User does not exist.');
    if (!user.enabled) return fail('User is disabled.');
    return { user, claims };
  }

  /** IdTokenVerifier: see src/local/core/id-tokens.ts. */
  verify(idToken: string, expectedClientId?: string): IdTokenClaims {
    const fail = (reason: string): never => {
      throw new AwsJsonError('NotAuthorizedException', `Invalid login token. ${reason}`);
    };
    const payload = verifyJwt(idToken, this.options.keys);
    if (!payload) return fail("Couldn't verify signed token.");
    const claims = payload as unknown as IdTokenClaims;
    if (claims.iss !== this.options.issuer()) return fail("Issuer doesn't match providerName");
    if (claims.token_use !== 'id') return fail('Token is not an ID token.');
    const now = seconds(this.options.now());
    if (typeof claims.exp !== 'number' || claims.exp <= now) return fail(`Token expired: ${now} >= ${claims.exp}`);
    const audience = expectedClientId ?? this.options.pool.clientId;
    if (claims.aud !== audience) return fail('Token is not from a supported provider of this identity pool.');
    if (claims.origin_jti && this.options.refresh.isRevoked(claims.origin_jti)) return fail('Token has been revoked.');
    const user = this.options.users.get(claims['cognito:username']);
    // A deleted (or deleted and re-created) or disabled user's tokens are no longer honoured.
    if (!user || user.sub !== claims.sub || !user.enabled) return fail('Token has been revoked.');
    return claims;
  }
}
