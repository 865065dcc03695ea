/**
 * Where a sign-in is remembered between runs: the CLI keeps it in a file only
 * its owner can read, the app encrypted with Electron's safeStorage. What is
 * kept is what it takes to get back in without the password — never the
 * password. (The CLI also keeps a short-lived cache of tokens and temporary
 * AWS credentials beside it: src/cli/session-cache.ts.)
 */
import * as z from 'zod/mini';
import { VaultError } from './errors';
import { vaultProfileSchema, type VaultProfile } from './profile';

export interface StoredSession {
  /** The format of this record; a newer format is refused rather than misread. */
  version: 1;
  profile: VaultProfile;
  /** The account's canonical username (cognito:username). */
  username: string;
  /** The only secret kept: it gets fresh ID and access tokens for up to 30 days, until a global sign-out. */
  refreshToken: string;
  /** Not a secret; saves a GetId call when the session is opened again. */
  identityId?: string;
  /** ISO 8601: when the person signed in (the refresh token's age). */
  signedInAt: string;
}

/** Loads, saves and forgets the one remembered session. */
export interface SessionStore {
  /** The remembered session, or null when there is none. */
  load(): Promise<StoredSession | null>;
  save(session: StoredSession): Promise<void>;
  /** Forgets the session; not an error when there is none. */
  clear(): Promise<void>;
}

const storedSessionSchema = z.object({
  version: z.literal(1),
  profile: vaultProfileSchema,
  username: z.string().check(z.minLength(1)),
  refreshToken: z.string().check(z.minLength(1)),
  identityId: z.optional(z.string().check(z.regex(/^[\w-]+:[0-9a-f-]+$/))),
  signedInAt: z.string().check(z.minLength(1)),
});

/**
 * Validates a parsed session record.
 * @throws VaultError INVALID_INPUT naming `source`, when it is not a session this version understands
 */
export function parseStoredSession(value: unknown, source = 'the saved session'): StoredSession {
  const result = z.safeParse(storedSessionSchema, value);
  if (!result.success) {
    throw new VaultError('INVALID_INPUT', `${source} is damaged or from another version; sign in again.`);
  }
  return result.data as StoredSession;
}
