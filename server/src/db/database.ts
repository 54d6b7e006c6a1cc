import path from 'node:path';
import type { Config } from '../config/config';
import type { Logger } from '../config/logger';
import { startEmbeddedPostgres } from './embedded';
import { ensureDatabase } from './knex';

export interface DatabaseServer {
  url: string;
  /** Stops the embedded server; a no-op for an external DATABASE_URL. */
  stop(): Promise<void>;
}

/** DATABASE_URL when given, otherwise an embedded PostgreSQL whose data lives under DATA_DIR. */
export async function provideDatabase(config: Config, logger: Logger): Promise<DatabaseServer> {
  if (config.databaseUrl) {
    await ensureDatabase(config.databaseUrl);
    return { url: config.databaseUrl, stop: async () => {} };
  }
  const embedded = await startEmbeddedPostgres({
    dir: path.join(config.dataDir, 'postgres'),
    port: config.embeddedPostgresPort,
    persistent: true,
    logger,
  });
  const url = new URL(embedded.adminUrl);
  url.pathname = '/ordercast';
  await ensureDatabase(url.toString());
  return { url: url.toString(), stop: embedded.stop };
}
