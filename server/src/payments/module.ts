import type { Knex } from 'knex';
import type { EventStore } from '../eventstore/event-store';
import type { ResolverContainer } from '../graphql/schema';
import type { Projector } from '../projector/projector';
import { declineReportProjection } from './decline-report-projection';
import { DeclineReportQueries } from './decline-report-queries';
import type { PaymentGateway } from './payment-gateway';
import { paymentProjection } from './payment-projection';
import { PaymentQueries } from './payment-queries';
import { PaymentResolver } from './payment-resolver';
import { PaymentsService, type PaymentsServiceOptions } from './payments-service';
import { SimulatedGateway } from './simulated-gateway';

export const paymentsProjections = [paymentProjection, declineReportProjection];
export const paymentsResolvers = [PaymentResolver];

export function createPaymentsModule(deps: { db: Knex; store: EventStore; gateway?: PaymentGateway; options?: PaymentsServiceOptions }) {
  const gateway = deps.gateway ?? new SimulatedGateway();
  const queries = new PaymentQueries(deps.db);
  const declineReport = new DeclineReportQueries(deps.db);
  const service = new PaymentsService(deps.store, gateway, deps.options);
  return {
    gateway,
    queries,
    declineReport,
    service,
    register(container: ResolverContainer, projector: Projector) {
      container.register(PaymentResolver, new PaymentResolver(service, queries, declineReport, projector));
    },
  };
}
