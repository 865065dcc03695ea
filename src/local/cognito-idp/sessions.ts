/**
 * Challenge sessions: the `Session` string between InitiateAuth,
 * RespondToAuthChallenge, AssociateSoftwareToken and VerifySoftwareToken.
 * Each is a sealed blob naming the user, the challenge, the client, the
 * sign-in time and the stage, valid for three minutes (Cognito's default
 * AuthSessionValidity). The server keeps only the ids of sessions already
 * used (so none is replayed) and failure counts, both bounded by that lifetime.
 */
import { randomUUID } from 'node:crypto';
import { AwsJsonError } from '../core/http';
import type { Sealer, UsedIds } from './sealed';
import type { UserRecord, UserStore } from './users';

/** How long a Session or SECRET_BLOCK stays usable. */
export const AUTH_SESSION_MS = 3 * 60 * 1000;
/** Wrong codes allowed on one session before it is spent (Cognito stops retries after a few). */
const MAX_FAILURES = 5;

export type ChallengeName = 'NEW_PASSWORD_REQUIRED' | 'SOFTWARE_TOKEN_MFA' | 'MFA_SETUP';

export interface SessionPayload {
  id: string;
  /** username */
  u: string;
  sub: string;
  /** The challenge this session answers. */
  c: ChallengeName;
  /** client id */
  cid: string;
  /** auth_time of the sign-in, epoch seconds. */
  at: number;
  /** Issued, epoch ms. */
  iat: number;
  /** MFA_SETUP progress: 'associated' after AssociateSoftwareToken, 'verified' after VerifySoftwareToken. */
  st?: 'associated' | 'verified';
}

const expired = (): AwsJsonError =>
  new AwsJsonError('NotAuthorizedException', 'Invalid session for the user, session is expired.');

export class SessionService {
  constructor(
    private readonly sealer: Sealer,
    private readonly used: UsedIds,
    private readonly users: UserStore,
    private readonly now: () => number,
  ) {}

  issue(
    user: UserRecord,
    clientId: string,
    challenge: ChallengeName,
    authTime: number,
    stage?: SessionPayload['st'],
  ): string {
    const payload: SessionPayload = {
      id: randomUUID(),
      u: user.username,
      sub: user.sub,
      c: challenge,
      cid: clientId,
      at: authTime,
      iat: this.now(),
      ...(stage ? { st: stage } : {}),
    };
    return this.sealer.seal('session', payload);
  }

  /**
   * Opens a session for `challenge` (and `clientId` when the call names one).
   * @throws NotAuthorizedException "Invalid session for the user, session is expired." otherwise
   */
  open(session: unknown, challenge: ChallengeName, clientId?: string): { payload: SessionPayload; user: UserRecord } {
    const payload = this.sealer.open<SessionPayload>('session', session);
    if (!payload || payload.c !== challenge || (clientId !== undefined && payload.cid !== clientId)) throw expired();
    if (payload.iat + AUTH_SESSION_MS <= this.now() || this.used.has(payload.id)) throw expired();
    const user = this.users.get(payload.u);
    if (!user || user.sub !== payload.sub || !user.enabled) throw expired();
    return { payload, user };
  }

  /** Marks a session used: it answered its challenge and cannot be presented again. */
  consume(payload: SessionPayload): void {
    this.used.add(payload.id, payload.iat + AUTH_SESSION_MS);
  }

  /** Counts a wrong answer; the session is spent after a few. */
  fail(payload: SessionPayload): void {
    if (this.used.fail(payload.id, payload.iat + AUTH_SESSION_MS) >= MAX_FAILURES) this.consume(payload);
  }
}
