import type express from 'express';
import type { Knex } from 'knex';
import type { Logger } from '../config/logger';
import type { EventStore } from '../eventstore/event-store';
import type { ResolverContainer } from '../graphql/schema';
import type { Projector } from '../projector/projector';
import { Metrics } from './metrics';
import { OperationsResolver } from './operations-resolver';
import { OperationsStatus } from './operations-status';
import { ParkedEvents } from './parked-events';
import { Readiness } from './readiness';

export const operationsResolvers = [OperationsResolver];

/**
 * The operator surface: the projections query and parked-event decisions (GraphQL), `GET /metrics`
 * (Prometheus) and `GET /ready`.
 */
export function createOperationsModule(deps: {
  db: Knex;
  store: EventStore;
  projector: Projector;
  logger: Logger;
  openSubscriptions: () => number;
  liveNodes: () => number;
  readiness: { maxLagSeconds: number; holdUntilStarted: boolean };
}) {
  const status = new OperationsStatus(deps.db, deps.projector);
  const parked = new ParkedEvents(deps.db, deps.store, deps.projector.projections, deps.projector.processManagers);
  const readiness = new Readiness(deps.db, status, deps.readiness);
  let openSockets = () => 0;
  const metrics = new Metrics({ db: deps.db, store: deps.store, status, parked, openSockets: () => openSockets(), openSubscriptions: deps.openSubscriptions, heldBuckets: () => deps.projector.heldBuckets(), heldProjections: () => deps.projector.heldProjections(), liveNodes: deps.liveNodes });
  return {
    status,
    parked,
    readiness,
    metrics,
    register(container: ResolverContainer) {
      container.register(OperationsResolver, new OperationsResolver(status, parked));
    },
    /** Once the HTTP server runs: where the WebSocket count comes from. */
    countSocketsWith(count: () => number) {
      openSockets = count;
    },
    routes(app: express.Express) {
      app.get('/metrics', async (_req, res) => {
        try {
          res.type(metrics.registry.contentType).send(await metrics.scrape());
        } catch (error) {
          deps.logger.warn({ err: error }, 'metrics scrape failed');
          res.status(503).type('text/plain').send('metrics unavailable: the database does not answer\n');
        }
      });
      app.get('/ready', async (_req, res) => {
        const report = await readiness.report();
        res.status(report.ready ? 200 : 503).json({ status: report.ready ? 'ready' : 'not-ready', ...report.checks });
      });
    },
  };
}
