import { startApp, type App, type AppOptions } from '../../server/src/app/app';
import { DEFAULT_SIGN_IN_THROTTLE, type SignInThrottleSettings } from '../../server/src/accounts/sign-in-throttle-policy';
import { createLogger } from '../../server/src/config/logger';
import { TEST_JWT_SECRET } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/database';

export interface ThrottledApp {
  app: App;
  database: TestDatabase;
  stop(): Promise<void>;
}

/** A server of its own with sign-in throttle settings of the test's choosing (the others as in startTestApp). */
export async function startThrottledApp(throttle: Partial<SignInThrottleSettings>, options: Partial<AppOptions> = {}): Promise<ThrottledApp> {
  const database = await createTestDatabase();
  const app = await startApp({
    databaseUrl: database.url,
    port: 0,
    jwtSecret: TEST_JWT_SECRET,
    logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    projectorPollMs: 200,
    limits: { mutationRateLimit: 0 },
    signInThrottle: { ...DEFAULT_SIGN_IN_THROTTLE, ...throttle },
    ...options,
  });
  return {
    app,
    database,
    async stop() {
      await app.stop();
      await database.drop();
    },
  };
}
