import { startApp, type App, type AppOptions } from '../../server/src/app/app';
import { createLogger } from '../../server/src/config/logger';
import { createTestDatabase, type TestDatabase } from './database';
import { httpClient, type HttpClient } from './graphql-client';

export interface TestApp {
  app: App;
  database: TestDatabase;
  client: HttpClient;
  stop(): Promise<void>;
}

/** The whole server (projector, listener, HTTP and WebSocket) on a random port over a fresh database. */
export async function startTestApp(
  options: {
    projectorPollMs?: number;
    listenerHeartbeatMs?: number;
    /** Built web app to serve at /. */ webDistDir?: string;
    paymentGateway?: AppOptions['paymentGateway'];
    reservationTtlMs?: number;
    /** 0 turns the periodic sweep off, so a test drives `app.inventory.expiry` itself. */
    reservationExpiryIntervalMs?: number;
    /** Start on this database (a restart); `stop()` then leaves it for its owner to drop. */
    database?: TestDatabase;
    /** API limits; the production defaults except the mutation rate limit, which is off unless given. */
    limits?: AppOptions['limits'];
    introspection?: boolean;
  } = {},
): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const app = await startApp({
    databaseUrl: database.url,
    port: 0,
    logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    projectorPollMs: options.projectorPollMs ?? 200,
    listenerHeartbeatMs: options.listenerHeartbeatMs,
    webDistDir: options.webDistDir,
    paymentGateway: options.paymentGateway,
    reservationTtlMs: options.reservationTtlMs,
    reservationExpiryIntervalMs: options.reservationExpiryIntervalMs,
    // Tests fire hundreds of mutations from one address.
    limits: { mutationRateLimit: 0, ...options.limits },
    introspection: options.introspection,
  });
  return {
    app,
    database,
    client: httpClient(app.url),
    async stop() {
      await app.stop();
      if (!options.database) await database.drop();
    },
  };
}
