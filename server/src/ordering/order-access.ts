import { hasRole, Role } from '../auth/roles';
import type { Decider } from '../commands/decider';
import { commandContext, type RequestContext } from '../graphql/context';
import { NotFoundError, UnauthenticatedError } from '../shared/errors';
import type { OrderEvent } from './events';
import type { OrderCommand, OrderState } from './order-decider';
import type { OrderQueries, OrderView } from './order-queries';
import type { OrderCommandContext } from './ordering-service';

/**
 * Whose orders the caller may see and change: undefined means every order of the shop (staff and
 * admins), a user id means that customer's own only. Anonymous callers have no orders at all.
 */
export function customerScope(ctx: RequestContext): string | undefined {
  const principal = ctx.principal;
  if (!principal) throw new UnauthenticatedError();
  return hasRole(principal.role, Role.STAFF) ? undefined : principal.userId;
}

/** The signed-in caller's user id: whoever creates an order owns it. */
export function ownerOfNewOrder(ctx: RequestContext): string {
  if (!ctx.principal) throw new UnauthenticatedError();
  return ctx.principal.userId;
}

export const withinScope = (scope: string | undefined, order: { customerId?: string | null }): boolean =>
  scope === undefined || (order.customerId ?? undefined) === scope;

/** The command context of an order command sent by this caller: a customer's finds only their own orders. */
export function orderCommandContext(ctx: RequestContext): OrderCommandContext {
  return { ...commandContext(ctx), customerId: customerScope(ctx) };
}

/**
 * The order decider for a command that acts for one customer: on anyone else's order it answers
 * exactly as for an order that does not exist, so nothing is appended and nothing is given away.
 * Checked on the state folded from the order's own events, in the same decision as the command.
 */
export function ownOrdersOnly(decider: Decider<OrderState, OrderCommand, OrderEvent>, customerId: string): Decider<OrderState, OrderCommand, OrderEvent> {
  return {
    ...decider,
    decide(command, state) {
      // Word for word what the decider says of an order that does not exist.
      if (command.type !== 'CreateOrder' && state.orderId !== undefined && state.customerId !== customerId) throw new NotFoundError('Order');
      return decider.decide(command, state);
    },
  };
}

/** Loads orders for a caller, answering NOT_FOUND for others' orders the same as for unknown ones. */
export class OrderAccess {
  constructor(private readonly queries: OrderQueries) {}

  /** The order as it is now, when the caller may see it. */
  async require(ctx: RequestContext, orderId: string): Promise<OrderView> {
    const scope = customerScope(ctx);
    const order = await this.queries.byId(ctx.tenantId, orderId);
    if (!order || !withinScope(scope, order)) throw new NotFoundError('Order', orderId);
    return order;
  }

  /** Refuses (NOT_FOUND, as for an unknown order) an order the caller may not follow; its owner alone decides. */
  async requireFollowable(ctx: RequestContext, orderId: string): Promise<void> {
    const scope = customerScope(ctx);
    if (scope === undefined) return;
    const order = await this.queries.ownerOf(ctx.tenantId, orderId);
    if (!order || !withinScope(scope, order)) throw new NotFoundError('Order', orderId);
  }

  /** The account an order belongs to; null for an unknown order or one from before accounts. */
  async ownerOf(tenantId: string, orderId: string): Promise<string | null> {
    return (await this.queries.ownerOf(tenantId, orderId))?.customerId ?? null;
  }

  /** `order` when the caller may see it, otherwise null (an unknown order reads the same). */
  visible<T extends { customerId?: string | null }>(ctx: RequestContext, order: T | null | undefined): T | null {
    return order && withinScope(customerScope(ctx), order) ? order : null;
  }
}
