/** What every operation of one user pool works with. */
import type { UserPoolModel } from '../core/model';
import type { PoolKeys } from './keys';
import type { RefreshStore } from './refresh-store';
import type { Sealer, UsedIds } from './sealed';
import type { SessionService } from './sessions';
import type { TokenService } from './tokens';
import type { UserStore } from './users';

export interface PoolContext {
  pool: UserPoolModel;
  /** The part of the pool id after '_', mixed into SRP. */
  poolName: string;
  keys: PoolKeys;
  users: UserStore;
  refresh: RefreshStore;
  tokens: TokenService;
  sessions: SessionService;
  sealer: Sealer;
  used: UsedIds;
  /** The local stand-in for e-mail: reset codes and invitations are written here. */
  log: (line: string) => void;
  /** Epoch ms. */
  now: () => number;
}

/** A JSON 1.1 request body. */
export type Input = Record<string, unknown>;

/** One API operation: the parsed request in, the JSON response out (or an AwsJsonError thrown). */
export type Operation = (pc: PoolContext, input: Input) => unknown;
