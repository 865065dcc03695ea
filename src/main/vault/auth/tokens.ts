/**
 * The user pool's tokens after a sign-in or a refresh, and the few claims the
 * engine reads from them. Claims are read, never trusted for access: AWS
 * checks the signature wherever a token grants something.
 */
import type { CognitoUserSession } from 'amazon-cognito-identity-js';

/** The result of a sign-in or refresh. Stays in the main process: never crosses IPC. */
export interface CognitoTokens {
  idToken: string;
  accessToken: string;
  /** Long-lived (30 days in the vault template); the only token worth keeping at rest. */
  refreshToken: string;
  /** When the ID or the access token expires, whichever is first. */
  expiresAt: Date;
}

/** The claims of the ID token the engine uses. */
export interface IdTokenClaims {
  /** `cognito:username` (the canonical spelling, whatever the person typed). */
  username: string;
  sub: string;
  groups: string[];
  /** `cognito:preferred_role`: the role the classic flow asks STS for. */
  preferredRole?: string;
  roles: string[];
  /** Epoch seconds. */
  exp: number;
}

/** The group whose members may read bucket-wide metrics and access logs (DESIGN §2). */
export const ADMIN_GROUP = 'vault-admins';

/** Decodes a JWT's payload without verifying it (see the module comment for why that is enough here). */
export function decodeJwtPayload(jwt: string): Record<string, unknown> {
  const payload = jwt.split('.')[1];
  if (!payload) throw new Error('not a JWT');
  const value: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new Error('JWT payload is not an object');
  return value as Record<string, unknown>;
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/** The claims of an ID token that the engine needs. */
export function idTokenClaims(idToken: string): IdTokenClaims {
  const payload = decodeJwtPayload(idToken);
  const preferred = payload['cognito:preferred_role'];
  return {
    username: String(payload['cognito:username'] ?? ''),
    sub: String(payload.sub ?? ''),
    groups: strings(payload['cognito:groups']),
    roles: strings(payload['cognito:roles']),
    ...(typeof preferred === 'string' ? { preferredRole: preferred } : {}),
    exp: typeof payload.exp === 'number' ? payload.exp : 0,
  };
}

/** Whether the ID token says its holder is a vault admin. */
export function isAdminToken(idToken: string): boolean {
  return idTokenClaims(idToken).groups.includes(ADMIN_GROUP);
}

/** Epoch milliseconds at which a JWT stops being accepted (0 when it carries no `exp`). */
export function jwtExpiresAtMs(jwt: string): number {
  const exp = decodeJwtPayload(jwt).exp;
  return typeof exp === 'number' ? exp * 1000 : 0;
}

/** Builds CognitoTokens from raw token strings (as a refresh returns them). */
export function cognitoTokens(idToken: string, accessToken: string, refreshToken: string): CognitoTokens {
  const expiresAt = Math.min(jwtExpiresAtMs(idToken), jwtExpiresAtMs(accessToken));
  return { idToken, accessToken, refreshToken, expiresAt: new Date(expiresAt) };
}

/** CognitoTokens from the library's session object. */
export function tokensFromSession(session: CognitoUserSession): CognitoTokens {
  return cognitoTokens(
    session.getIdToken().getJwtToken(),
    session.getAccessToken().getJwtToken(),
    session.getRefreshToken().getToken(),
  );
}
