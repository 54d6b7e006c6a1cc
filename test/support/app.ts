import { startApp, type App } from '../../server/src/app/app';
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
  options: { projectorPollMs?: number; listenerHeartbeatMs?: number; /** Built web app to serve at /. */ webDistDir?: string } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const app = await startApp({
    databaseUrl: database.url,
    port: 0,
    logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    projectorPollMs: options.projectorPollMs ?? 200,
    listenerHeartbeatMs: options.listenerHeartbeatMs,
    webDistDir: options.webDistDir,
  });
  return {
    app,
    database,
    client: httpClient(app.url),
    async stop() {
      await app.stop();
      await database.drop();
    },
  };
}
