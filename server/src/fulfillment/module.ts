import type { Knex } from 'knex';
import type { Logger } from '../config/logger';
import type { EventStore } from '../eventstore/event-store';
import type { ResolverContainer } from '../graphql/schema';
import type { InventoryService } from '../inventory/inventory-service';
import type { OrderQueries } from '../ordering/order-queries';
import type { OrderingService } from '../ordering/ordering-service';
import type { PaymentsService } from '../payments/payments-service';
import type { Projector } from '../projector/projector';
import { FulfillmentProcess } from './fulfillment-process';
import { FulfillmentService } from './fulfillment-service';
import { OrderCancellation } from './order-cancellation';
import { OrderFulfillmentResolver } from './order-fulfillment-resolver';
import { ShipmentCapture } from './shipment-capture';
import { shipmentProjection } from './shipment-projection';
import { ShipmentQueries } from './shipment-queries';
import { ShipmentResolver } from './shipment-resolver';

export const fulfillmentProjections = [shipmentProjection];
export const fulfillmentResolvers = [ShipmentResolver, OrderFulfillmentResolver];

export function createFulfillmentModule(deps: {
  db: Knex;
  store: EventStore;
  logger: Logger;
  ordering: { service: OrderingService; queries: OrderQueries };
  inventory: { service: InventoryService };
  payments: { service: PaymentsService };
}) {
  const queries = new ShipmentQueries(deps.db);
  const service = new FulfillmentService(deps.store, deps.inventory.service);
  const capture = new ShipmentCapture(deps.payments.service, deps.logger);
  const cancellation = new OrderCancellation({ store: deps.store, inventory: deps.inventory.service, payments: deps.payments.service, logger: deps.logger });
  const process = new FulfillmentProcess(capture, cancellation);
  return {
    queries,
    service,
    capture,
    cancellation,
    process,
    register(container: ResolverContainer, projector: Projector) {
      container.register(ShipmentResolver, new ShipmentResolver(service, capture, queries, deps.store, projector));
      container.register(OrderFulfillmentResolver, new OrderFulfillmentResolver(deps.ordering.service, deps.ordering.queries, queries, cancellation, projector));
    },
  };
}
