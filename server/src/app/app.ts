import type { Knex } from 'knex';
import type { Logger } from '../config/logger';
import { createKnex, DEFAULT_POOL_MAX } from '../db/knex';
import { defaultProcessConcurrency } from '../process/process-manager-runner';
import { migrateToLatest } from '../db/migrate';
import { EVENTS_CHANNEL, EventStore, parseEventsNotification, type EventsNotification } from '../eventstore/event-store';
import { SnapshotStore, useSnapshots } from '../commands/snapshots';
import { createCatalogModule } from '../catalog/module';
import { OrderableVariants } from '../catalog/orderable-variants';
import { createOrderingModule } from '../ordering/module';
import { createInventoryModule } from '../inventory/module';
import { CatalogSkuRegistry } from '../catalog/sku-registry';
import { createPaymentsModule } from '../payments/module';
import { createCheckoutModule } from '../checkout/module';
import { createFulfillmentModule } from '../fulfillment/module';
import { createHistoryModule } from '../history/module';
import { createNotificationsModule } from '../notifications/module';
import { createAccountsModule } from '../accounts/module';
import type { SignInThrottleSettings } from '../accounts/sign-in-throttle-policy';
import { createDashboardModule } from '../dashboard/module';
import type { NotificationSender } from '../notifications/sender';
import { notificationKindOf } from '../notifications/kinds';
import type { PaymentGateway } from '../payments/payment-gateway';
import { CIRCUIT_STATE_VALUE, type GatewayCircuitSettings } from '../payments/gateway-circuit-breaker';
import { buildGraphQLSchema, ResolverContainer } from '../graphql/schema';
import { roleAuthChecker } from '../auth/auth-checker';
import { CallerResolver } from '../auth/caller-resolver';
import { TokenService } from '../auth/tokens';
import { TokenVersionCache } from '../auth/token-versions';
import { accountAccessReader } from '../accounts/account-access-queries';
import { ACCOUNT_ACCESS_TOPIC } from '../accounts/account-access-events';
import { SocketRevocation } from '../graphql/ws-revocation';
import { DEFAULT_TENANT } from '../eventstore/types';
import { createChangePubSub, type ChangePubSub } from '../graphql/pubsub';
import { ChangeLogReader } from '../graphql/change-log';
import { provideOrderSubscriptions } from '../ordering/order-subscriptions';
import { startHttpServer, type RunningHttpServer } from '../graphql/http-server';
import { Idempotency } from '../graphql/idempotency';
import { ABANDONED_ATTEMPT_SECONDS, DEFAULT_IDEMPOTENCY_KEY_TTL_SECONDS, IdempotencyStore } from '../graphql/idempotency-store';
import type { ApiLimits } from '../graphql/limits';
import { Projector } from '../projector/projector';
import { NotificationListener } from '../projector/listener';
import { CHANGES_CHANNEL, parseChanges } from '../projector/changes';
import { allPersonalData, allProjections, allResolvers, idempotencyExemptMutations } from './contexts';
import { orderProjection } from '../ordering/order-projection';
import { createPrivacyModule } from '../privacy/module';
import { DEVELOPMENT_DATA_KEK } from '../privacy/key-encryption-key';
import { createOperationsModule } from '../operations/module';
import { NodePresence } from '../process/node-presence';
import { RecentRows } from '../projector/recent-rows';
import { AnnouncedVersions } from '../projector/announced-versions';

export type NodeRole = 'all' | 'api' | 'worker';

/** The pace of the read models other than orders (see ProjectorOptions.restPaceMs). */
export const DEFAULT_REST_PACE_MS = 100;

export interface AppOptions {
  databaseUrl: string;
  port: number;
  logger: Logger;
  /** Signs and verifies the API's tokens (at least 32 bytes). */
  jwtSecret: string;
  /** Wraps the per-customer data keys (32 bytes, DATA_KEK); outside production a fixed development key when absent. */
  dataKek?: Buffer;
  /** How long an access token is valid (default 15 minutes). */
  tokenTtlSeconds?: number;
  /** How long a refresh token lasts unused (default 30 days). */
  refreshTokenTtlSeconds?: number;
  /** How long a token version read is trusted without a NOTIFY saying it changed (default 30 s); also how often open sockets are re-checked. */
  tokenVersionCacheSeconds?: number;
  /** Whether `createShop` is open to anyone (default: outside production). */
  allowShopCreation?: boolean;
  production?: boolean;
  introspection?: boolean;
  /** GraphiQL at GET /graphql for browsers (default: outside production). */
  graphiql?: boolean;
  projectorPollMs?: number;
  /** How often at most the read models other than orders start a batch on a wake-up (ms; see ProjectorOptions.restPaceMs). */
  projectionPaceMs?: number;
  /** Connections in the database pool (default 20). */
  databasePoolMax?: number;
  /** Checkouts (process-manager partitions) handled at once (default: half the pool, at least 4). */
  processConcurrency?: number;
  /** Autocommit append statements in flight at once (see AppendGroups). */
  appendsInFlight?: number;
  listenerHeartbeatMs?: number;
  webDistDir?: string;
  /** How often expired reservations are swept; 0 turns the sweep off (tests drive it themselves). */
  reservationExpiryIntervalMs?: number;
  /** The card gateway; the simulated one unless a test or deployment passes another. */
  paymentGateway?: PaymentGateway;
  /** The gateway's circuit breaker: failures in a row to open, time open before a probe. */
  paymentGatewayCircuit?: GatewayCircuitSettings;
  /** How long each request to the simulated gateway takes (default 0); see SimulatedGateway. */
  simulatedGatewayLatencyMs?: number;
  /** How long stock stays reserved for a checkout that has not completed (default 15 minutes). */
  reservationTtlMs?: number;
  /** Where notifications go; the notifications table (and the log) unless a test or deployment passes another. */
  notificationSender?: NotificationSender;
  /** How often the notification outbox is polled besides the wake-up on new events; 0 turns the poll off. */
  notificationPollMs?: number;
  /** API limits (depth, cost, aliases, sizes, connections, mutation rate); the defaults where absent. */
  limits?: Partial<ApiLimits>;
  /** Express's `trust proxy` setting, for the client address behind a reverse proxy. */
  trustProxy?: boolean | number | string;
  /** Failures in a row on one event after which a projection parks it and moves on (default 3). */
  parkAfterFailures?: number;
  /** The same for process managers, which retry with a growing wait first (default 10). */
  processParkAfterFailures?: number;
  /** How long a mutation's answer waits for its read model before answering ACCEPTED instead (default 5 s). */
  readAfterWriteTimeoutMs?: number;
  /**
   * What this node runs: `all` (default), `api` (GraphQL, subscriptions, the web app and the
   * projections, no process managers, outbox dispatch or reservation expiry) or `worker` (the
   * projections and all of those, no API).
   */
  role?: NodeRole;
  /** Buckets each process manager's partitions are spread over across nodes (default 1: one node runs each manager; the same on every node). */
  processBuckets?: number;
  /** `/ready` fails while a read model is further behind the log than this (default 10 s). */
  readyMaxLagSeconds?: number;
  /** How long a mutation's idempotency key and its answer are kept (default 24 h). */
  idempotencyKeyTtlSeconds?: number;
  /** `/ready` fails until `operations.readiness.startupComplete()` (e.g. after seeding). */
  holdReadinessUntilStarted?: boolean;
  /** When failed sign-ins (per account, per address) cost a wait and when they lock; the defaults where absent. */
  signInThrottle?: SignInThrottleSettings;
  /** How long a password-reset token works (default 1 hour). */
  passwordResetTtlSeconds?: number;
  /** Origins browsers may call the API from (`*`: any); default any outside production, none in it. */
  corsOrigins?: readonly string[];
}

export interface App {
  url: string;
  port: number;
  db: Knex;
  store: EventStore;
  projector: Projector;
  listener: NotificationListener;
  /** Read-model changes for subscriptions, published as their NOTIFY arrives. */
  pubSub: ChangePubSub;
  catalog: ReturnType<typeof createCatalogModule>;
  ordering: ReturnType<typeof createOrderingModule>;
  inventory: ReturnType<typeof createInventoryModule>;
  payments: ReturnType<typeof createPaymentsModule>;
  checkout: ReturnType<typeof createCheckoutModule>;
  fulfillment: ReturnType<typeof createFulfillmentModule>;
  history: ReturnType<typeof createHistoryModule>;
  notifications: ReturnType<typeof createNotificationsModule>;
  accounts: ReturnType<typeof createAccountsModule>;
  /** The operator surface: projections status, parked events, /metrics and /ready. */
  operations: ReturnType<typeof createOperationsModule>;
  /** Issues and verifies the API's tokens (sign-in uses it; tests mint tokens with it). */
  tokens: TokenService;
  /** Personal data: data keys, erasure and export. */
  privacy: ReturnType<typeof createPrivacyModule>;
  /** The per-request token version check (its cache). */
  tokenVersions: TokenVersionCache;
  stop(): Promise<void>;
}

/** Wires the contexts to the shared machinery and starts serving. */
export async function startApp(options: AppOptions): Promise<App> {
  const { logger } = options;
  const db = createKnex(options.databaseUrl, options.databasePoolMax);
  await migrateToLatest(db);
  const store = new EventStore(db, { appendsInFlight: options.appendsInFlight });
  // Command loads of streams whose deciders opt in start from a snapshot (a disposable cache).
  useSnapshots(store, new SnapshotStore(db, logger));
  // Before anything appends or reads: personal fields are encrypted on write and opened on read.
  // The server's own start (main.ts) refuses production without DATA_KEK; an embedder is warned.
  if (!options.dataKek && options.production) logger.warn('no DATA_KEK given: personal data is encrypted with the public development key');
  const privacy = createPrivacyModule({ db, store, kek: options.dataKek ?? DEVELOPMENT_DATA_KEK, policy: allPersonalData });
  // First: its outbox hook must be on the store before anything appends.
  const notifications = createNotificationsModule({ db, store, logger, sender: options.notificationSender, dispatcher: { intervalMs: options.notificationPollMs } });

  const catalog = createCatalogModule({ db, store });
  const inventory = createInventoryModule({ db, store, skus: new CatalogSkuRegistry(store), logger, expiryIntervalMs: options.reservationExpiryIntervalMs });
  // The rows this node's projection batches leave, kept once committed: order answers and pushes
  // that find theirs new enough skip the read (about a tenth more checkouts a second in the loop).
  const recentRows = new RecentRows();
  // The row versions the change NOTIFYs announced, in commit order: a push of a change that names
  // no version (a checkout's, a payment's) can take a kept order too when it is new enough.
  const announcedVersions = new AnnouncedVersions();
  const ordering = createOrderingModule({ db, store, catalog: new OrderableVariants(catalog.queries, catalog.service), recentRows, announcedVersions });
  const payments = createPaymentsModule({ db, store, logger, gateway: options.paymentGateway, circuit: options.paymentGatewayCircuit, simulatedLatencyMs: options.simulatedGatewayLatencyMs });
  const history = createHistoryModule({ db, store });
  const checkout = createCheckoutModule({ db, store, logger, ordering, inventory, payments, reservationTtlMs: options.reservationTtlMs ?? 15 * 60_000 });
  const fulfillment = createFulfillmentModule({ db, store, logger, ordering, inventory, payments });

  const role = options.role ?? 'all';
  const runsWorkers = role !== 'api';
  const presence = new NodePresence(db, logger);
  // Only nodes that run process managers count when buckets are shared out.
  if (runsWorkers) await presence.start();
  // The appends' NOTIFY wakes other nodes' followers (this node's are woken in process): a worker
  // node alone has no one to tell (about 2.7 round trips a checkout in the loop). An API-only
  // node always tells: the workers follow the log for it.
  if (runsWorkers) store.announcer.onlyWhen(() => presence.liveNodes() > 1);
  const projector = new Projector({
    db,
    store,
    projections: allProjections,
    // The orders read model batches apart from the others: every order mutation's answer waits
    // for it and the order pushes come from it (checkoutOrder → PLACED p50 190 → 153 ms in
    // alternated bench rounds, at the same throughput).
    jointGroups: [[orderProjection.name]],
    // The others (checkouts, payments, stock, history, …) batch at most every 100 ms on a wake-up:
    // each batch then takes many checkouts' events, and a mutation waiting on one still gets a batch at once.
    restPaceMs: options.projectionPaceMs ?? DEFAULT_REST_PACE_MS,
    recentRows,
    processManagers: runsWorkers ? [checkout.process, fulfillment.process] : [],
    processBuckets: options.processBuckets ?? 1,
    presence,
    // Shared out among the nodes that run workers; an API-only node waits on theirs.
    projectionPlacement: runsWorkers ? 'leased' : 'elsewhere',
    logger,
    pollMs: options.projectorPollMs,
    processConcurrency: options.processConcurrency ?? defaultProcessConcurrency(options.databasePoolMax ?? DEFAULT_POOL_MAX),
    parkAfterFailures: options.parkAfterFailures,
    processParkAfterFailures: options.processParkAfterFailures,
    readAfterWriteTimeoutMs: options.readAfterWriteTimeoutMs,
  });
  const pubSub = createChangePubSub();
  // Every token is checked against its account's token version: cached until the account_access
  // read model's NOTIFY says it changed, or the fallback TTL passes.
  const tokenVersionCacheMs = (options.tokenVersionCacheSeconds ?? 30) * 1000;
  const tokenVersions = new TokenVersionCache(accountAccessReader(db), tokenVersionCacheMs);
  pubSub.onResync(() => tokenVersions.clear());
  const socketRevocation = new SocketRevocation(tokenVersions, tokenVersionCacheMs, (error) => logger.warn({ err: error }, 'could not re-check an open socket\'s token'));
  const operations = createOperationsModule({
    db,
    store,
    projector,
    logger,
    openSubscriptions: () => pubSub.listening(),
    liveNodes: () => presence.liveNodes(),
    readiness: { maxLagSeconds: options.readyMaxLagSeconds ?? 10, holdUntilStarted: options.holdReadinessUntilStarted ?? false },
  });
  payments.gateway.onStateChange((state) => operations.metrics.paymentGatewayCircuit(CIRCUIT_STATE_VALUE[state]));
  const dashboard = createDashboardModule({ db, pubSub });
  /** Wakes the followers an append concerns: this process's own at once, other processes' through their NOTIFY. */
  const appended = (notification: EventsNotification | undefined) => {
    const types = notification?.types;
    // Only commits that can have written to the outbox are worth a look; its poll covers the rest.
    if (!types || types.some((type) => notificationKindOf(type) !== undefined)) notifications.dispatcher.wake();
    projector.wake(types);
  };
  store.onAppended(appended);
  const listener = new NotificationListener({
    connectionString: options.databaseUrl,
    channels: [EVENTS_CHANNEL, CHANGES_CHANNEL],
    logger,
    heartbeatMs: options.listenerHeartbeatMs,
    onNotification: (channel, payload) => {
      if (channel === EVENTS_CHANNEL) {
        const notification = parseEventsNotification(payload);
        if (!notification || !store.announcer.isOwn(notification)) appended(notification);
        return;
      }
      projector.checkpointsMayHaveMoved();
      for (const change of parseChanges(payload)) {
        announcedVersions.note(change);
        if (change.topic === ACCOUNT_ACCESS_TOPIC) tokenVersions.invalidate(change.tenantId, change.id);
        pubSub.publishChange(change);
        dashboard.relay.offer(change);
      }
    },
    // Notifications sent while the listener was away are lost: the projector catches up from its
    // checkpoints, and open subscriptions re-read the read-model changes logged meanwhile.
    onConnected: () => {
      announcedVersions.reset();
      projector.wake();
      pubSub.resync();
    },
  });
  await listener.start();
  await projector.start();
  if (runsWorkers) {
    inventory.expiry.start();
    notifications.dispatcher.start();
    payments.tokenSweep.start();
  }

  const tokens = new TokenService(options.jwtSecret, options.tokenTtlSeconds ?? 15 * 60);
  const accounts = createAccountsModule({ db, store, tokens, passwordResets: notifications.passwordResets, resetTokenTtlSeconds: options.passwordResetTtlSeconds, signInThrottle: options.signInThrottle, metrics: operations.metrics.registry, emailKey: privacy.emailKey, defaultShop: DEFAULT_TENANT, options: { allowShopCreation: options.allowShopCreation ?? !options.production }, tokenVersions, refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? 30 * 24 * 60 * 60 });
  const callers = new CallerResolver(tokens, DEFAULT_TENANT, (shopId) => accounts.shops.exists(shopId), tokenVersions);
  const container = new ResolverContainer();
  catalog.register(container, projector);
  ordering.register(container, projector);
  inventory.register(container, projector);
  payments.register(container, projector);
  checkout.register(container, projector);
  fulfillment.register(container, projector);
  history.register(container);
  notifications.register(container, ordering.access);
  accounts.register(container, projector);
  operations.register(container);
  privacy.register(container, projector, {
    accounts: accounts.service,
    signOutEverywhere: (userId, context) => accounts.access.signOutEverywhere(userId, context),
    readers: { accounts: accounts.queries, orders: ordering.queries, payments: payments.queries, shipments: fulfillment.queries },
  });
  dashboard.register(container);
  const schema = await buildGraphQLSchema(allResolvers, { container, pubSub, authChecker: roleAuthChecker });
  provideOrderSubscriptions(schema, { pubSub, access: ordering.access, changes: new ChangeLogReader(db) });
  dashboard.provide(schema);

  let http: RunningHttpServer;
  try {
    http = await startHttpServer(
      {
        schema,
        logger,
        authenticate: (credentials) => callers.resolve(credentials),
        watchSocket: (principal, socket) => socketRevocation.watch(principal, socket),
        introspection: options.introspection ?? !options.production,
        production: options.production ?? false,
        webDistDir: options.webDistDir,
        graphiql: options.graphiql ?? !options.production,
        limits: options.limits,
        trustProxy: options.trustProxy,
        corsOrigins: options.corsOrigins,
        plugins: [operations.metrics.plugin()],
        idempotency: new Idempotency({
          store: new IdempotencyStore(db, options.idempotencyKeyTtlSeconds ?? DEFAULT_IDEMPOTENCY_KEY_TTL_SECONDS, ABANDONED_ATTEMPT_SECONDS),
          logger,
          exemptMutations: idempotencyExemptMutations,
        }),
        serveApi: role !== 'worker',
        routes: operations.routes,
        health: async () => {
          await db.raw('SELECT 1');
          return { database: 'ok' };
        },
      },
      options.port,
    );
  } catch (error) {
    await Promise.all([inventory.expiry.stop(), notifications.dispatcher.stop(), payments.tokenSweep.stop(), projector.stop(), listener.stop()]);
    await presence.stop();
    await db.destroy();
    throw error;
  }
  operations.countSocketsWith(http.openSockets);
  logger.info({ url: `${http.url}/graphql` }, 'Ordercast GraphQL API ready');

  return {
    url: http.url,
    port: http.port,
    db,
    store,
    projector,
    listener,
    pubSub,
    catalog,
    ordering,
    inventory,
    payments,
    checkout,
    fulfillment,
    history,
    notifications,
    accounts,
    operations,
    tokens,
    privacy,
    tokenVersions,
    async stop() {
      const step = async (name: string, run: () => Promise<void>) => {
        logger.debug({ step: name }, 'stopping');
        await run();
      };
      await step('http', () => http.close());
      socketRevocation.stop();
      await step('reservation expiry', () => inventory.expiry.stop());
      await step('payment token sweep', () => payments.tokenSweep.stop());
      await step('notification dispatcher', () => notifications.dispatcher.stop());
      await step('projector', () => projector.stop());
      await step('listener', () => listener.stop());
      await step('node presence', () => presence.stop());
      await step('dashboard relay', async () => dashboard.relay.stop());
      await step('log announcer', () => store.announcer.flush());
      await step('discarded payment tokens', () => payments.vault.flushDiscards());
      operations.metrics.stop();
      await step('database pool', () => db.destroy());
    },
  };
}
