import type { Caller } from '../graphql/context';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../shared/errors';
import type { TokenVersionCache } from './token-versions';
import { bearerToken, type TokenService } from './tokens';

export interface Credentials {
  /** `Bearer <token>`, from the Authorization header or graphql-ws connectionParams. */
  authorization?: unknown;
  /** The shop an anonymous caller browses (X-Shop header or connectionParams.shop). */
  shop?: unknown;
}

/**
 * Turns a request's credentials into its caller. A token decides the shop (and must agree with
 * X-Shop when both are sent); without one, X-Shop names the shop, `demo` by default. A token whose
 * account revoked it since (or was disabled) is UNAUTHENTICATED like an expired one.
 */
export class CallerResolver {
  constructor(
    private readonly tokens: TokenService,
    private readonly defaultShop: string,
    /** Whether a shop with this id exists; unknown shops are refused. */
    private readonly shopExists: (shopId: string) => Promise<boolean> = async () => true,
    /** Refuses a token its account no longer honours (revoked, disabled); every token passes without it. */
    private readonly revocations?: Pick<TokenVersionCache, 'check'>,
  ) {}

  async resolve(credentials: Credentials): Promise<Caller> {
    const requestedShop = typeof credentials.shop === 'string' && credentials.shop.trim() !== '' ? credentials.shop.trim() : undefined;
    const token = bearerToken(credentials.authorization);
    const sentSomething = credentials.authorization !== undefined && credentials.authorization !== null && credentials.authorization !== '';
    // A malformed header is a client bug worth telling, not a silent anonymous request.
    if (sentSomething && !token) throw new UnauthenticatedError('The Authorization header must be "Bearer <token>"');
    if (token) {
      const principal = await this.tokens.verify(token);
      await this.revocations?.check(principal);
      if (requestedShop && requestedShop !== principal.shopId) throw new ForbiddenError('The token belongs to another shop than X-Shop names');
      return { tenantId: principal.shopId, principal };
    }
    const shopId = requestedShop ?? this.defaultShop;
    if (!(await this.shopExists(shopId))) throw new NotFoundError('Shop', shopId);
    return { tenantId: shopId };
  }
}
