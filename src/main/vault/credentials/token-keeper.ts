/**
 * Keeps a signed-in person's user pool tokens usable: the ID token is what
 * the identity pool trades for credentials, and it lasts an hour, so it is
 * refreshed (with the refresh token, single flight) before it expires.
 */
import { refresh as refreshTokens } from '../auth/refresh';
import type { CognitoTokens } from '../auth/tokens';
import type { VaultProfile } from '../profile';

export interface TokenKeeperOptions {
  /** Refresh the tokens when fewer than this many seconds remain. Default 120. */
  marginSeconds?: number;
  /** Epoch ms. */
  now?: () => number;
  /**
   * Called with every new set of tokens (the refresh token may be rotated by
   * the pool: a session store saves it here). Its errors are ignored: failing
   * to save must not fail a transfer in progress.
   */
  onTokens?: (tokens: CognitoTokens) => void | Promise<void>;
  /** The refresh call (tests replace it). */
  refresh?: typeof refreshTokens;
}

export class TokenKeeper {
  private tokens: CognitoTokens;
  private inflight: Promise<CognitoTokens> | undefined;
  private readonly now: () => number;
  private readonly marginMs: number;

  constructor(
    private readonly profile: VaultProfile,
    private readonly username: string,
    tokens: CognitoTokens,
    private readonly options: TokenKeeperOptions = {},
  ) {
    this.tokens = tokens;
    this.now = options.now ?? Date.now;
    this.marginMs = (options.marginSeconds ?? 120) * 1000;
  }

  /** The tokens as they are now, fresh or not. */
  get current(): CognitoTokens {
    return this.tokens;
  }

  /** Tokens with at least the margin left, refreshed first when needed. */
  async fresh(): Promise<CognitoTokens> {
    if (this.tokens.expiresAt.getTime() - this.now() > this.marginMs) return this.tokens;
    return this.refresh();
  }

  /**
   * Refreshes now (or joins the refresh in flight), e.g. after the identity
   * pool refused an ID token that looked valid here.
   * @throws VaultError AUTH_REQUIRED "Your session has ended; sign in again." when the refresh token is revoked or expired
   */
  refresh(): Promise<CognitoTokens> {
    this.inflight ??= (async () => {
      try {
        const next = await (this.options.refresh ?? refreshTokens)(
          this.profile,
          this.tokens.refreshToken,
          this.username,
        );
        this.tokens = next;
        try {
          await this.options.onTokens?.(next);
        } catch {
          // See onTokens.
        }
        return next;
      } finally {
        this.inflight = undefined;
      }
    })();
    return this.inflight;
  }
}
