import type { ApolloServerPlugin } from '@apollo/server';
import type { Knex } from 'knex';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { commandTelemetry, type CommandOutcome } from '../commands/telemetry';
import type { EventStore } from '../eventstore/event-store';
import type { OperationsStatus } from './operations-status';
import type { ParkedEvents } from './parked-events';

export interface MetricsSources {
  db: Knex;
  store: EventStore;
  status: OperationsStatus;
  parked: ParkedEvents;
  /** Open WebSocket connections. */
  openSockets: () => number;
  /** Subscriptions listening in this process. */
  openSubscriptions: () => number;
  /** Process-manager buckets this node holds. */
  heldBuckets: () => { manager: string; held: number }[];
  /** Projections this node runs now (it holds their lease). */
  heldProjections: () => { held: number };
  /** Live nodes on this database. */
  liveNodes: () => number;
}

interface TarnPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  numPendingCreates(): number;
}

/**
 * The Prometheus series of one server process (`GET /metrics`). Counters count what this process
 * did since it started; gauges that describe the database (lag, parked events, checkouts) are
 * read from it at scrape time, so every node reports the same figures for them.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly operationDuration = new Histogram({
    name: 'ordercast_graphql_operation_duration_seconds',
    help: 'GraphQL operations over HTTP, from request to response, by operation name and type',
    labelNames: ['operation_name', 'operation_type'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly commands = new Counter({
    name: 'ordercast_commands_total',
    help: 'Commands handled, by the type of stream they decide on and outcome (appended, unchanged, refused, failed)',
    labelNames: ['stream_type', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly conflicts = new Counter({
    name: 'ordercast_command_conflicts_total',
    help: 'Optimistic concurrency conflicts on append, by stream type',
    labelNames: ['stream_type'] as const,
    registers: [this.registry],
  });
  private readonly retries = new Counter({
    name: 'ordercast_command_retries_total',
    help: 'Commands decided again after a concurrency conflict, by stream type',
    labelNames: ['stream_type'] as const,
    registers: [this.registry],
  });
  private readonly appended = new Counter({
    name: 'ordercast_events_appended_total',
    help: 'Events appended by this process, by event type',
    labelNames: ['event_type'] as const,
    registers: [this.registry],
  });
  private readonly lagEvents = new Gauge({ name: 'ordercast_follower_lag_events', help: 'Committed events a projection or process manager has yet to pass', labelNames: ['follower', 'kind'] as const, registers: [this.registry] });
  private readonly lagSeconds = new Gauge({ name: 'ordercast_follower_lag_seconds', help: 'Age of the oldest event a projection or process manager has yet to pass', labelNames: ['follower', 'kind'] as const, registers: [this.registry] });
  private readonly parkedEvents = new Gauge({ name: 'ordercast_parked_events', help: 'Events parked and not yet retried or skipped, by follower', labelNames: ['follower'] as const, registers: [this.registry] });
  private readonly sockets = new Gauge({ name: 'ordercast_websocket_connections', help: 'Open WebSocket connections', registers: [this.registry] });
  private readonly subscriptions = new Gauge({ name: 'ordercast_subscriptions', help: 'GraphQL subscriptions listening for changes', registers: [this.registry] });
  private readonly pool = new Gauge({ name: 'ordercast_db_pool_connections', help: 'Database pool connections by state (used, free, pending acquires)', labelNames: ['state'] as const, registers: [this.registry] });
  private readonly buckets = new Gauge({ name: 'ordercast_process_buckets_held', help: "Buckets of a process manager's partitions this node holds the lease of", labelNames: ['manager'] as const, registers: [this.registry] });
  private readonly projectionsHeld = new Gauge({ name: 'ordercast_projections_held', help: 'Projections this node runs now (holds the lease of); the others run on other nodes', registers: [this.registry] });
  private readonly nodes = new Gauge({ name: 'ordercast_live_nodes', help: 'Nodes running process managers on this database (each holds a presence lock)', registers: [this.registry] });
  private readonly gatewayCircuit = new Gauge({ name: 'ordercast_payment_gateway_circuit_state', help: "This process's payment gateway circuit breaker: 0 closed, 1 open, 2 half-open (probing)", registers: [this.registry] });
  private readonly checkouts = new Gauge({ name: 'ordercast_checkouts', help: 'Checkouts by status and failure reason (all shops)', labelNames: ['status', 'reason'] as const, registers: [this.registry] });
  private readonly onHandled = (streamType: string, outcome: CommandOutcome) => this.commands.inc({ stream_type: streamType, outcome });
  private readonly onConflict = (streamType: string, retried: boolean) => {
    this.conflicts.inc({ stream_type: streamType });
    if (retried) this.retries.inc({ stream_type: streamType });
  };

  constructor(private readonly sources: MetricsSources) {
    collectDefaultMetrics({ register: this.registry, prefix: 'ordercast_' });
    commandTelemetry.on('handled', this.onHandled);
    commandTelemetry.on('conflict', this.onConflict);
    sources.store.onAppended((_notification, events) => {
      for (const event of events) this.appended.inc({ event_type: event.type });
    });
  }

  /** The payment gateway's circuit breaker reports each change of its state here. */
  paymentGatewayCircuit(state: number): void {
    this.gatewayCircuit.set(state);
  }

  /** Times every GraphQL operation over HTTP. */
  plugin(): ApolloServerPlugin {
    const histogram = this.operationDuration;
    return {
      async requestDidStart() {
        const started = process.hrtime.bigint();
        return {
          async willSendResponse({ operation, operationName }) {
            const seconds = Number(process.hrtime.bigint() - started) / 1e9;
            histogram.observe({ operation_name: operationName ?? 'anonymous', operation_type: operation?.operation ?? 'unknown' }, seconds);
          },
        };
      },
    };
  }

  /** The exposition text, with the database-derived gauges read now. */
  async scrape(): Promise<string> {
    const { db, status, parked } = this.sources;
    const [lags, parkedCounts, checkouts] = await Promise.all([
      status.lag(),
      parked.countOpen(),
      db('checkouts').select('status', db.raw("coalesce(failure_reason, '') AS reason")).count<{ status: string; reason: string; count: string }[]>('* as count').groupBy('status', 'reason'),
    ]);
    this.lagEvents.reset();
    this.lagSeconds.reset();
    for (const lag of lags) {
      this.lagEvents.set({ follower: lag.name, kind: lag.kind }, lag.lagEvents);
      this.lagSeconds.set({ follower: lag.name, kind: lag.kind }, lag.lagSeconds);
    }
    this.parkedEvents.reset();
    for (const lag of lags) this.parkedEvents.set({ follower: lag.name }, parkedCounts.get(lag.name) ?? 0);
    this.checkouts.reset();
    for (const row of checkouts) this.checkouts.set({ status: row.status, reason: row.reason }, Number(row.count));
    this.sockets.set(this.sources.openSockets());
    this.buckets.reset();
    for (const { manager, held } of this.sources.heldBuckets()) this.buckets.set({ manager }, held);
    this.projectionsHeld.set(this.sources.heldProjections().held);
    this.nodes.set(this.sources.liveNodes());
    this.subscriptions.set(this.sources.openSubscriptions());
    const pool = (db.client as { pool?: TarnPool }).pool;
    if (pool) {
      this.pool.set({ state: 'used' }, pool.numUsed());
      this.pool.set({ state: 'free' }, pool.numFree());
      this.pool.set({ state: 'pending' }, pool.numPendingAcquires() + pool.numPendingCreates());
    }
    return this.registry.metrics();
  }

  stop(): void {
    commandTelemetry.off('handled', this.onHandled);
    commandTelemetry.off('conflict', this.onConflict);
  }
}
