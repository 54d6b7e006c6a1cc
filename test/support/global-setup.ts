import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createLogger } from '../../server/src/config/logger';
import { startEmbeddedPostgres } from '../../server/src/db/embedded';
import { createKnex } from '../../server/src/db/knex';
import { migrateToLatest } from '../../server/src/db/migrate';
import { freePort } from './free-port';

export const TEMPLATE_DB = 'ordercast_test_template';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Maintenance-database URL of the PostgreSQL server the tests use. */
    pgAdminUrl: string;
  }
}


/**
 * One real PostgreSQL for the whole run: TEST_DATABASE_URL's server when set, otherwise a fresh
 * embedded one. A migrated template database lets every test file clone its own in milliseconds.
 */
export default async function setup(project: TestProject) {
  const logger = createLogger('warn');
  let adminUrl = process.env.TEST_DATABASE_URL;
  let stop = async () => {};
  if (!adminUrl) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ordercast-test-pg-'));
    fs.chmodSync(dir, 0o777);
    const embedded = await startEmbeddedPostgres({ dir: path.join(dir, 'data'), port: await freePort(), persistent: false, logger });
    adminUrl = embedded.adminUrl;
    stop = async () => {
      await embedded.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await admin.end();
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${TEMPLATE_DB}`;
  const db = createKnex(templateUrl.toString(), 1);
  await migrateToLatest(db);
  await db.destroy();
  project.provide('pgAdminUrl', adminUrl);
  return stop;
}
