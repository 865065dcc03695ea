/**
 * The user pool's users, persisted with JsonState. A user's password is kept
 * only as an SRP salt and verifier; TOTP secrets, group membership and
 * pending reset codes (hashed) live on the user record.
 */
import { createHash, randomUUID } from 'node:crypto';
import { JsonState } from '../core/json-state';
import { computeVerifier, newSalt } from './srp';

/** Cognito's user statuses that this pool produces. */
export type UserStatus = 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'RESET_REQUIRED';

export interface UserRecord {
  username: string;
  /** Immutable UUID; a user deleted and created again under the same name gets a new one. */
  sub: string;
  enabled: boolean;
  status: UserStatus;
  /** Attributes other than `sub` (e.g. email, email_verified as 'true' / 'false', custom:*). */
  attributes: Record<string, string>;
  /** Epoch ms. */
  createdAt: number;
  updatedAt: number;
  /** SRP salt (hex) and verifier g^x mod N (hex); never the password. */
  srp: { salt: string; verifier: string };
  /** Epoch ms after which a temporary password (FORCE_CHANGE_PASSWORD) no longer works. */
  temporaryPasswordExpiresAt?: number;
  groups: string[];
  /** The verified TOTP secret (base32) and the last step accepted, against replays. */
  totp?: { secret: string; lastUsedStep?: number };
  /** A secret from AssociateSoftwareToken that VerifySoftwareToken has not confirmed yet. */
  pendingTotpSecret?: string;
  /** TOTP is an enabled MFA method (UserMFASettingList) and, if so, whether it is preferred. */
  softwareTokenMfaEnabled: boolean;
  softwareTokenMfaPreferred: boolean;
  /** Local flag: this user must set up MFA at sign-in even though the pool's MFA is OPTIONAL. */
  mfaRequired: boolean;
  /** A ForgotPassword / AdminResetUserPassword code, stored hashed. */
  resetCode?: { hash: string; expiresAt: number; attempts: number };
}

interface UsersFile {
  version: 1;
  /** An array, not an object keyed by name, so no username can collide with Object.prototype. */
  users: UserRecord[];
}

/** SRP salt and verifier for a new password; `username` is the USER_ID_FOR_SRP the client will use. */
export function srpCredentials(poolName: string, username: string, password: string): UserRecord['srp'] {
  const salt = newSalt();
  return { salt, verifier: computeVerifier(poolName, username, password, salt) };
}

/** Hash of a one-time code, salted with the user's sub so equal codes of two users differ. */
export function hashCode(user: UserRecord, code: string): string {
  return createHash('sha256').update(`${user.sub}\0${code}`).digest('hex');
}

/** The users of one pool, in memory, written through to `cognito-idp-<poolId>-users.json`. */
export class UserStore {
  private readonly state: JsonState<UsersFile>;
  private readonly byName = new Map<string, UserRecord>();

  /**
   * @param caseSensitive UsernameConfiguration.CaseSensitive. When false, names
   * match whatever their case, and a user keeps the spelling they were created
   * with (that spelling is USER_ID_FOR_SRP and cognito:username).
   */
  constructor(
    dataDir: string,
    userPoolId: string,
    private readonly caseSensitive: boolean,
  ) {
    this.state = new JsonState<UsersFile>(dataDir, `cognito-idp-${userPoolId}-users`, () => ({
      version: 1,
      users: [],
    }));
    for (const user of this.state.value.users) this.byName.set(this.key(user.username), user);
  }

  /** The lookup key of a name under the pool's case rule. */
  key(username: string): string {
    return this.caseSensitive ? username : username.toLowerCase();
  }

  get(username: string): UserRecord | undefined {
    return this.byName.get(this.key(username));
  }

  /** All users, ordered by username (ListUsers pages through this order). */
  list(): UserRecord[] {
    return [...this.byName.values()].sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0));
  }

  /** Adds a new user (the caller checked the name is free). */
  create(fields: Omit<UserRecord, 'sub' | 'createdAt' | 'updatedAt'>, now: number): UserRecord {
    const user: UserRecord = { ...fields, sub: randomUUID(), createdAt: now, updatedAt: now };
    this.byName.set(this.key(user.username), user);
    this.save();
    return user;
  }

  /** Applies `change` to the user and persists it. */
  update(user: UserRecord, now: number, change: (user: UserRecord) => void): UserRecord {
    change(user);
    user.updatedAt = now;
    this.save();
    return user;
  }

  /** Persists a change that should not count as a modification (e.g. the last TOTP step used). */
  touch(): void {
    this.save();
  }

  delete(username: string): void {
    this.byName.delete(this.key(username));
    this.save();
  }

  private save(): void {
    this.state.value = { version: 1, users: [...this.byName.values()] };
    this.state.save();
  }
}
