import type { Principal } from '../auth/principal';
import type { TokenVersionCache } from '../auth/token-versions';
import { UnauthenticatedError } from '../shared/errors';
import { WS_CLOSE_TOKEN_EXPIRED } from './ws-expiry';

/** A revoked token is as dead as an expired one: the same close code, so clients refresh or sign in again. */
export const WS_CLOSE_TOKEN_REVOKED = WS_CLOSE_TOKEN_EXPIRED;

interface Watched {
  principal: Principal;
  close(code: number, reason: string): void;
}

/**
 * Closes the open sockets of an account whose tokens were revoked: when its access changes (the
 * cache's invalidation, driven by NOTIFY on every server) each of its sockets is checked afresh,
 * and every `recheckMs` all of them are, in case a NOTIFY was lost.
 */
export class SocketRevocation {
  private readonly sockets = new Map<string, Set<Watched>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly tokenVersions: Pick<TokenVersionCache, 'check' | 'onInvalidated'>,
    private readonly recheckMs: number,
    /** A check that could not be made (the database away): nothing is closed, the next check decides. */
    private readonly onCheckFailed: (error: unknown) => void = () => {},
  ) {
    tokenVersions.onInvalidated((tenantId, userId) => {
      for (const watched of this.sockets.get(keyOf(tenantId, userId)) ?? []) void this.recheck(watched);
    });
  }

  /** Watches the socket of `principal`; answers the way to stop (when the socket closes). */
  watch(principal: Principal, socket: { close(code: number, reason: string): void }): () => void {
    const key = keyOf(principal.shopId, principal.userId);
    const watched: Watched = { principal, close: (code, reason) => socket.close(code, reason) };
    const set = this.sockets.get(key) ?? new Set();
    set.add(watched);
    this.sockets.set(key, set);
    this.timer ??= setInterval(() => this.recheckAll(), this.recheckMs).unref();
    return () => {
      set.delete(watched);
      if (set.size === 0 && this.sockets.get(key) === set) this.sockets.delete(key);
      if (this.sockets.size === 0) this.stop();
    };
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private recheckAll(): void {
    for (const set of this.sockets.values()) for (const watched of set) void this.recheck(watched);
  }

  private async recheck(watched: Watched): Promise<void> {
    try {
      await this.tokenVersions.check(watched.principal);
    } catch (error) {
      if (error instanceof UnauthenticatedError) watched.close(WS_CLOSE_TOKEN_REVOKED, error.message);
      else this.onCheckFailed(error);
    }
  }
}

const keyOf = (tenantId: string, userId: string) => `${tenantId}\u0000${userId}`;
