import type { Client } from 'graphql-ws';
import { expect, vi } from 'vitest';
import { startApp, type App, type AppOptions } from '../../server/src/app/app';
import { Role } from '../../server/src/auth/roles';
import { createLogger } from '../../server/src/config/logger';
import { DEFAULT_TENANT } from '../../server/src/eventstore/types';
import { newId } from '../../server/src/shared/ids';
import { createTestDatabase, type TestDatabase } from './database';
import { httpClient, wsClient, type HttpClient } from './graphql-client';
import { EVENTUALLY_MS } from './eventually';

export const TEST_JWT_SECRET = 'test-secret-that-is-at-least-32-bytes-long';

export interface SignedInClient {
  client: HttpClient;
  /** `Bearer <token>`, for graphql-ws connectionParams or a header of your own. */
  authorization: string;
  userId: string;
}

export interface TestApp {
  app: App;
  database: TestDatabase;
  /** Signed in as an ADMIN of the demo shop: may do everything there. */
  client: HttpClient;
  /** `Bearer <token>` of `client`'s admin. */
  adminAuthorization: string;
  /** No token: what a visitor of the demo shop may do. */
  anonymous: HttpClient;
  /** A client with a token of the given role (a new user unless `userId` is given), in the demo shop unless `shopId` is given. */
  clientAs(role: Role | `${Role}`, options?: { userId?: string; shopId?: string }): Promise<SignedInClient>;
  /** A graphql-ws client; signed in as `client`'s admin unless other connectionParams are given. */
  ws(connectionParams?: Record<string, unknown>): Client;
  /**
   * Resolves once `count` subscriptions listen to `topic` for `id` (e.g. `ORDER_UPDATED` and an
   * order id): a change made before that would not be pushed to them.
   */
  listening(topic: string, id: string, count?: number): Promise<void>;
  /**
   * Stops the whole server and starts a new one on the same port and database, as a deploy or a
   * crash-and-restart would: `app` is the new one afterwards, and every client and token made
   * before keeps working against it. `whileDown` runs while nothing listens on the port.
   */
  restart(whileDown?: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

const runningApps = new Map<string, TestApp>();

/** The running test app at `baseUrl`, for helpers that are handed only a client of it. */
export function testAppAt(baseUrl: string): TestApp {
  const testApp = runningApps.get(baseUrl);
  if (!testApp) throw new Error(`no test app runs at ${baseUrl}`);
  return testApp;
}

/** The whole server (projector, listener, HTTP and WebSocket) on a random port over a fresh database. */
export async function startTestApp(
  options: {
    projectorPollMs?: number;
    listenerHeartbeatMs?: number;
    /** Built web app to serve at /. */ webDistDir?: string;
    paymentGateway?: AppOptions['paymentGateway'];
    /** The payment gateway's circuit breaker settings; the defaults where absent. */
    paymentGatewayCircuit?: AppOptions['paymentGatewayCircuit'];
    reservationTtlMs?: number;
    /** 0 turns the periodic sweep off, so a test drives `app.inventory.expiry` itself. */
    reservationExpiryIntervalMs?: number;
    /** Start on this database (a restart); `stop()` then leaves it for its owner to drop. */
    database?: TestDatabase;
    /** Listen on this port (a restart where clients reconnect to the same address); a free one by default. */
    port?: number;
    /** GraphiQL at GET /graphql (from `webDistDir`); on by default, as outside production. */
    graphiql?: boolean;
    /** API limits; the production defaults except the mutation rate limit, which is off unless given. */
    limits?: AppOptions['limits'];
    introspection?: boolean;
    /** How long tokens issued by the app (sign-in, `clientAs`) stay valid; 8 hours by default. */
    tokenTtlSeconds?: number;
    /** Whether `createShop` is open; on by default (as in development). */
    allowShopCreation?: boolean;
    /** Where the server logs; silent (or TEST_LOG_LEVEL) by default. */
    logger?: AppOptions['logger'];
    /** How long a mutation waits for its read model before answering ACCEPTED; the server's default unless given. */
    readAfterWriteTimeoutMs?: number;
  } = {},
): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  // Every start (the first and each restart) with the same options, on this database.
  const start = (port: number) =>
    startApp({
      databaseUrl: database.url,
      port,
      jwtSecret: TEST_JWT_SECRET,
      logger: options.logger ?? createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
      projectorPollMs: options.projectorPollMs ?? 200,
      listenerHeartbeatMs: options.listenerHeartbeatMs,
      webDistDir: options.webDistDir,
      paymentGateway: options.paymentGateway,
      paymentGatewayCircuit: options.paymentGatewayCircuit,
      reservationTtlMs: options.reservationTtlMs,
      reservationExpiryIntervalMs: options.reservationExpiryIntervalMs,
      // Tests fire hundreds of mutations from one address.
      limits: { mutationRateLimit: 0, ...options.limits },
      introspection: options.introspection,
      graphiql: options.graphiql,
      tokenTtlSeconds: options.tokenTtlSeconds,
      allowShopCreation: options.allowShopCreation,
      readAfterWriteTimeoutMs: options.readAfterWriteTimeoutMs,
    });
  let app = await start(options.port ?? 0);
  const clientAs = async (role: Role | `${Role}`, as: { userId?: string; shopId?: string } = {}): Promise<SignedInClient> => {
    const userId = as.userId ?? newId();
    const { token } = await app.tokens.issue({ userId, shopId: as.shopId ?? DEFAULT_TENANT, role: role as Role });
    const authorization = `Bearer ${token}`;
    return { client: httpClient(app.url, { authorization }), authorization, userId };
  };
  const admin = await clientAs(Role.ADMIN);
  const testApp: TestApp = {
    get app() {
      return app;
    },
    database,
    client: admin.client,
    adminAuthorization: admin.authorization,
    anonymous: httpClient(app.url),
    clientAs,
    ws: (connectionParams = { authorization: admin.authorization }) => wsClient(app.url, connectionParams),
    listening: (topic, id, count = 1) =>
      vi.waitFor(() => expect(app.pubSub.listenerCount(topic, id), `subscriptions listening to ${topic}:${id}`).toBeGreaterThanOrEqual(count), { timeout: EVENTUALLY_MS, interval: 10 }),
    async restart(whileDown) {
      await app.stop();
      await whileDown?.();
      app = await start(app.port);
    },
    async stop() {
      runningApps.delete(app.url);
      await app.stop();
      if (!options.database) await database.drop();
    },
  };
  runningApps.set(app.url, testApp);
  return testApp;
}
