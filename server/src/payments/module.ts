import type { Knex } from 'knex';
import type { Logger } from '../config/logger';
import type { EventStore } from '../eventstore/event-store';
import type { ResolverContainer } from '../graphql/schema';
import type { Projector } from '../projector/projector';
import { declineReportProjection } from './decline-report-projection';
import { DeclineReportQueries } from './decline-report-queries';
import { CircuitBreakingGateway, DEFAULT_GATEWAY_CIRCUIT, type GatewayCircuitSettings } from './gateway-circuit-breaker';
import type { PaymentGateway } from './payment-gateway';
import { paymentProjection } from './payment-projection';
import { PaymentQueries } from './payment-queries';
import { PaymentResolver } from './payment-resolver';
import { PaymentTokenSweep } from './payment-token-sweep';
import { PaymentTokenVault } from './payment-token-vault';
import { PaymentsService, type PaymentsServiceOptions } from './payments-service';
import { SimulatedGateway } from './simulated-gateway';

export const paymentsProjections = [paymentProjection, declineReportProjection];
export const paymentsResolvers = [PaymentResolver];

export function createPaymentsModule(deps: {
  db: Knex;
  store: EventStore;
  logger: Logger;
  /** The provider; the simulated one (its state in this database) unless given. */
  gateway?: PaymentGateway;
  circuit?: GatewayCircuitSettings;
  /** The simulated gateway's time per request (see SimulatedGateway); ignored with another gateway. */
  simulatedLatencyMs?: number;
  options?: PaymentsServiceOptions;
}) {
  // Every call to the provider goes through the breaker, whichever provider it is.
  const gateway = new CircuitBreakingGateway(deps.gateway ?? new SimulatedGateway(deps.db, deps.simulatedLatencyMs), deps.circuit ?? DEFAULT_GATEWAY_CIRCUIT, deps.logger);
  const vault = new PaymentTokenVault(deps.db, undefined, deps.logger);
  const tokenSweep = new PaymentTokenSweep(vault, deps.logger);
  const queries = new PaymentQueries(deps.db);
  const declineReport = new DeclineReportQueries(deps.db);
  const service = new PaymentsService(deps.store, gateway, vault, { circuit: gateway, ...deps.options });
  return {
    gateway,
    vault,
    tokenSweep,
    queries,
    declineReport,
    service,
    register(container: ResolverContainer, projector: Projector) {
      container.register(PaymentResolver, new PaymentResolver(service, queries, declineReport, projector));
    },
  };
}
