import { GraphQLError } from 'graphql';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { RequestContext } from './context';
import { LimitCode } from './limits';

/** Who is asking, as far as the transport knows. */
export interface Caller {
  context: RequestContext;
  /** The client's address (the proxy's client when TRUST_PROXY is set). */
  remoteAddress: string;
}

/** The rate-limit key of a caller. */
export type RateLimitKeyOf = (caller: Caller) => string;

/** Signed-in accounts spend their own budget wherever they connect from; anonymous callers their address's. */
export const rateLimitKeyByAddress: RateLimitKeyOf = (caller) => {
  const principal = caller.context.principal;
  return principal ? `user:${principal.shopId}:${principal.userId}` : `address:${caller.remoteAddress}`;
};

/**
 * Mutation root fields per client per window, counted in memory (one process; a shared store
 * such as PostgreSQL or Redis is needed once there are several).
 */
export class MutationRateLimiter {
  private readonly limiter: RateLimiterMemory | undefined;

  constructor(
    private readonly points: number,
    windowSeconds: number,
    private readonly keyOf: RateLimitKeyOf = rateLimitKeyByAddress,
  ) {
    this.limiter = points > 0 ? new RateLimiterMemory({ points, duration: windowSeconds, keyPrefix: 'mutations' }) : undefined;
  }

  /** Spends `mutations` of the caller's budget; answers the refusal when it is spent. */
  async consume(caller: Caller, mutations: number): Promise<GraphQLError | undefined> {
    if (!this.limiter || mutations === 0) return undefined;
    try {
      await this.limiter.consume(this.keyOf(caller), mutations);
      return undefined;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      return new GraphQLError(`Too many mutations: at most ${this.points} per window; retry in ${retryAfterSeconds} s`, {
        extensions: { code: LimitCode.rateLimited, retryAfterSeconds, http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) } },
      });
    }
  }
}
