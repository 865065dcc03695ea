/**
 * Refresh tokens (stored as SHA-256 hashes, never in the clear) and revoked
 * sign-ins, persisted with JsonState.
 *
 * Every sign-in gets an `origin_jti`, carried by its refresh token and by all
 * access and ID tokens issued from it (also after refreshes). Revoking is
 * therefore per sign-in: global sign-out revokes all of a user's origins, and a
 * new sign-in in the same second is unaffected (a per-user "not before" time
 * with one-second token timestamps could not tell the two apart).
 */
import { createHash, randomBytes } from 'node:crypto';
import { JsonState } from '../core/json-state';

export interface RefreshRecord {
  /** SHA-256 of the token, hex. */
  hash: string;
  username: string;
  sub: string;
  clientId: string;
  originJti: string;
  /** Epoch seconds of the sign-in (auth_time of every token refreshed from it). */
  authTime: number;
  /** Epoch ms. */
  expiresAt: number;
}

interface TokensFile {
  version: 1;
  refresh: RefreshRecord[];
  /** Revoked origin_jti values, each kept until the last token it could cover has expired (epoch ms). */
  revoked: Array<{ originJti: string; until: number }>;
}

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export class RefreshStore {
  private readonly state: JsonState<TokensFile>;
  private readonly refresh = new Map<string, RefreshRecord>();
  private readonly revoked = new Map<string, number>();

  constructor(
    dataDir: string,
    userPoolId: string,
    private readonly now: () => number,
    /** How long after a refresh token expires its last access/ID token may still be valid (ms). */
    private readonly tokenLifetimeMs: number,
  ) {
    this.state = new JsonState<TokensFile>(dataDir, `cognito-idp-${userPoolId}-tokens`, () => ({
      version: 1,
      refresh: [],
      revoked: [],
    }));
    for (const record of this.state.value.refresh) this.refresh.set(record.hash, record);
    for (const entry of this.state.value.revoked) this.revoked.set(entry.originJti, entry.until);
  }

  /** Creates a refresh token for a sign-in and returns it (the only time it exists in the clear). */
  create(fields: Omit<RefreshRecord, 'hash'>): string {
    // 64 random bytes: as unguessable as Cognito's, and opaque to the client like Cognito's encrypted ones.
    const token = randomBytes(64).toString('base64url');
    this.refresh.set(hashToken(token), { ...fields, hash: hashToken(token) });
    this.save();
    return token;
  }

  /** The record of a refresh token, whatever its state (expiry is the caller's to check). */
  find(token: string): RefreshRecord | undefined {
    return this.refresh.get(hashToken(token));
  }

  isRevoked(originJti: string): boolean {
    const until = this.revoked.get(originJti);
    return until !== undefined && until > this.now();
  }

  /** Revokes one sign-in: its refresh token stops working and its access/ID tokens fail verification. */
  revokeOrigin(originJti: string): void {
    for (const [hash, record] of this.refresh) if (record.originJti === originJti) this.refresh.delete(hash);
    this.revoked.set(originJti, this.now() + this.tokenLifetimeMs);
    this.save();
  }

  /** Revokes every sign-in of a user (GlobalSignOut, AdminUserGlobalSignOut, disable, delete). */
  revokeUser(sub: string): void {
    const origins = new Set<string>();
    for (const record of this.refresh.values()) if (record.sub === sub) origins.add(record.originJti);
    for (const [hash, record] of this.refresh) if (record.sub === sub) this.refresh.delete(hash);
    for (const origin of origins) this.revoked.set(origin, this.now() + this.tokenLifetimeMs);
    this.save();
  }

  private save(): void {
    const now = this.now();
    // A refresh record is kept past its expiry for as long as tokens refreshed from it live,
    // so that a global sign-out can still find and revoke their origin.
    for (const [hash, record] of this.refresh)
      if (record.expiresAt + this.tokenLifetimeMs <= now) this.refresh.delete(hash);
    for (const [origin, until] of this.revoked) if (until <= now) this.revoked.delete(origin);
    this.state.value = {
      version: 1,
      refresh: [...this.refresh.values()],
      revoked: [...this.revoked].map(([originJti, until]) => ({ originJti, until })),
    };
    this.state.save();
  }
}
