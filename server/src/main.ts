import 'reflect-metadata';
import { loadConfig } from './config/config';
import { createLogger } from './config/logger';
import { provideDatabase } from './db/database';
import { startApp } from './app/app';
import { resolveJwtSecret } from './auth/tokens';
import { resolveDataKek } from './privacy/key-encryption-key';
import { seedDemoCatalog } from './seed/demo-catalog';
import { seedDemoTaxonomy } from './seed/demo-taxonomy';
import { seedDemoInventory } from './seed/demo-inventory';
import { seedDemoOrders } from './seed/demo-orders';
import { seedDemoAccounts } from './seed/demo-accounts';
import { DEFAULT_TENANT } from './eventstore/types';

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const database = await provideDatabase(config, logger);
  let app;
  try {
    app = await startApp({
      databaseUrl: database.url,
      port: config.port,
      jwtSecret: resolveJwtSecret({ configured: config.jwtSecret, production: config.production, dataDir: config.dataDir }),
      dataKek: resolveDataKek({ configured: config.dataKek, production: config.production, dataDir: config.dataDir }),
      tokenTtlSeconds: config.tokenTtlSeconds,
      refreshTokenTtlSeconds: config.refreshTokenTtlSeconds,
      tokenVersionCacheSeconds: config.tokenVersionCacheSeconds,
      allowShopCreation: config.allowShopCreation,
      logger,
      production: config.production,
      introspection: config.introspection,
      graphiql: config.graphiql,
      projectorPollMs: config.projectorPollMs,
      databasePoolMax: config.databasePoolMax,
      processConcurrency: config.processConcurrency,
      appendsInFlight: config.appendsInFlight,
      webDistDir: config.webDistDir,
      reservationTtlMs: config.reservationTtlMs,
      limits: config.limits,
      trustProxy: config.trustProxy,
      parkAfterFailures: config.parkAfterFailures,
      processParkAfterFailures: config.processParkAfterFailures,
      readAfterWriteTimeoutMs: config.readAfterWriteTimeoutMs,
      role: config.role,
      processBuckets: config.processBuckets,
      readyMaxLagSeconds: config.readyMaxLagSeconds,
      paymentGatewayCircuit: config.paymentGatewayCircuit,
      simulatedGatewayLatencyMs: config.simulatedGatewayLatencyMs,
      corsOrigins: config.corsOrigins,
      signInThrottle: config.signInThrottle,
      passwordResetTtlSeconds: config.passwordResetTtlSeconds,
      idempotencyKeyTtlSeconds: config.idempotencyKeyTtlSeconds,
      holdReadinessUntilStarted: true,
    });
    if (config.seedDemo) {
      const seedContext = { tenantId: DEFAULT_TENANT, metadata: { actor: 'seed' } };
      await seedDemoAccounts(app, seedContext, logger);
      await seedDemoCatalog(app.store, app.catalog.service, seedContext, logger);
      await seedDemoTaxonomy(app.store, app.catalog.taxonomy, seedContext, logger);
      await seedDemoInventory(app.store, app.inventory.service, seedContext, logger);
      await seedDemoOrders(app, seedContext, logger);
      // The first visitor sees the whole demo, not read models still catching up with the seed;
      // a read model stuck on a bad event is logged by the projector and must not stop the start.
      await app.projector.caughtUpWithLog().catch((error: unknown) => logger.warn({ err: error }, 'read models are still catching up with the demo seed'));
    }
    app.operations.readiness.startupComplete();
  } catch (error) {
    logger.fatal({ err: error }, 'Ordercast failed to start');
    await app?.stop().catch(() => {});
    await database.stop();
    process.exit(1);
  }
  logger.info(`Ordercast is running: web app ${app.url}/ · GraphQL ${app.url}/graphql · health ${app.url}/health`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining connections');
    try {
      await app.stop();
      await database.stop();
      logger.info('stopped cleanly');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'unclean shutdown');
      process.exit(1);
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => void shutdown(signal));
  }
}

void main();
