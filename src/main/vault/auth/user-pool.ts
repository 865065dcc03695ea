/**
 * amazon-cognito-identity-js pointed at a vault profile: the pool (with the
 * profile's endpoint), users, and the library's own JSON client for the few
 * calls where its helpers do not fit.
 */
import { CognitoUser, CognitoUserPool, type ICognitoStorage } from 'amazon-cognito-identity-js';
import type { VaultProfile } from '../profile';

/**
 * Storage that keeps nothing. Without it the library caches every token in a
 * module-wide in-memory map (its Node fallback for localStorage), where it
 * would outlive sign-out; the engine keeps tokens itself. None of the flows we
 * use needs to read anything back.
 */
class NoStorage implements ICognitoStorage {
  setItem(): void {}
  getItem(): string | null {
    return null;
  }
  removeItem(): void {}
  clear(): void {}
}

const NO_STORAGE = new NoStorage();

/** The endpoint as the library wants it: it POSTs to the string as is, so it must end with a slash. */
export function userPoolEndpoint(profile: VaultProfile): string | undefined {
  if (!profile.endpoint) return undefined;
  return profile.endpoint.endsWith('/') ? profile.endpoint : `${profile.endpoint}/`;
}

/** A CognitoUserPool for the profile's user pool and app client. */
export function userPool(profile: VaultProfile): CognitoUserPool {
  const endpoint = userPoolEndpoint(profile);
  return new CognitoUserPool({
    UserPoolId: profile.userPoolId,
    ClientId: profile.userPoolClientId,
    ...(endpoint ? { endpoint } : {}),
    Storage: NO_STORAGE,
  });
}

/** A CognitoUser of the profile's pool, with nothing cached. */
export function poolUser(profile: VaultProfile, username: string, pool = userPool(profile)): CognitoUser {
  return new CognitoUser({ Username: username, Pool: pool, Storage: NO_STORAGE });
}

/** An error as the library reports it: `code` is the service's `__type` ("NotAuthorizedException"), or "NetworkError". */
export interface LibraryError extends Error {
  code?: string;
  statusCode?: number;
}

/** The library's JSON 1.1 client (`pool.client`; not in its typings, but public in its source and stable across 6.x). */
interface LibraryClient {
  request(operation: string, params: object, callback: (error: LibraryError | null, data?: unknown) => void): void;
}

/**
 * One user pool API call through the library's own client (same transport,
 * user agent and error shape as its helpers), without the helpers' retries.
 * Used for REFRESH_TOKEN_AUTH: the library's refreshSession retries every
 * error, even a revoked refresh token, for about six seconds.
 */
export function callUserPool<T>(pool: CognitoUserPool, operation: string, params: object): Promise<T> {
  const client = (pool as unknown as { client?: LibraryClient }).client;
  if (!client || typeof client.request !== 'function') {
    // A library upgrade moved its client: fail loudly rather than half-work.
    return Promise.reject(new Error('amazon-cognito-identity-js has no pool.client.request'));
  }
  return new Promise((resolve, reject) =>
    client.request(operation, params, (error, data) => (error ? reject(error) : resolve(data as T))),
  );
}
