import type { Knex } from 'knex';
import type { Logger } from '../config/logger';
import type { EventStore } from '../eventstore/event-store';
import type { ResolverContainer } from '../graphql/schema';
import type { InventoryService } from '../inventory/inventory-service';
import type { OrderQueries } from '../ordering/order-queries';
import type { OrderingService } from '../ordering/ordering-service';
import type { PaymentQueries } from '../payments/payment-queries';
import type { PaymentTokenVault } from '../payments/payment-token-vault';
import type { PaymentsService } from '../payments/payments-service';
import type { Projector } from '../projector/projector';
import { CheckoutProcess } from './checkout-process';
import { checkoutProjection } from './checkout-projection';
import { CheckoutQueries } from './checkout-queries';
import { CheckoutRequests } from './checkout-requests';
import { CheckoutResolver } from './checkout-resolver';

export const checkoutProjections = [checkoutProjection];
export const checkoutResolvers = [CheckoutResolver];

export function createCheckoutModule(deps: {
  db: Knex;
  store: EventStore;
  logger: Logger;
  ordering: { service: OrderingService; queries: OrderQueries };
  inventory: { service: InventoryService };
  payments: { service: PaymentsService; queries: PaymentQueries; vault: PaymentTokenVault };
  reservationTtlMs: number;
}) {
  const queries = new CheckoutQueries(deps.db);
  const process = new CheckoutProcess({
    store: deps.store,
    ordering: deps.ordering.service,
    inventory: deps.inventory.service,
    payments: deps.payments.service,
    tokens: deps.payments.vault,
    logger: deps.logger,
    reservationTtlMs: deps.reservationTtlMs,
  });
  const requests = new CheckoutRequests(deps.ordering.service, deps.payments.vault);
  return {
    queries,
    process,
    requests,
    register(container: ResolverContainer, projector: Projector) {
      container.register(CheckoutResolver, new CheckoutResolver(requests, deps.ordering.queries, queries, deps.payments.queries, projector));
    },
  };
}
