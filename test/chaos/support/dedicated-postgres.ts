import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../../server/src/config/logger';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../../server/src/db/embedded';
import { ensureDatabase } from '../../../server/src/db/knex';
import { freePort } from '../../support/free-port';

/**
 * A PostgreSQL of the test's own (the shared test server cannot be stopped under the other files),
 * on a fixed port and data directory so that it comes back where the server left it.
 */
export async function dedicatedPostgres(database: string) {
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ordercast-chaos-pg-'));
  fs.chmodSync(dir, 0o777);
  const port = await freePort();
  let running: EmbeddedDatabase | undefined;
  const start = async () => {
    running = await startEmbeddedPostgres({ dir: path.join(dir, 'data'), port, persistent: true, logger });
    return running;
  };
  const { adminUrl } = await start();
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  await ensureDatabase(url.toString());
  return {
    url: url.toString(),
    adminUrl,
    get running() {
      return running !== undefined;
    },
    start,
    async stop() {
      await running?.stop();
      running = undefined;
    },
    /** Stops it (if running) and removes its data. */
    async remove() {
      await running?.stop();
      running = undefined;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
