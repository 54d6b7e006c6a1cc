import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { PreparingPgClient } from './prepared-statements';
import { attachTenantReader } from './tenant-scope';

export type { Knex };

// Positions and money sums come back as int8; they stay far below 2^53, so plain numbers are safe.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/**
 * 20 connections: HTTP requests, a dozen projections and the process managers (whose partitions
 * run concurrently) share the pool; PostgreSQL's default of 100 connections leaves room for more.
 */
export const DEFAULT_POOL_MAX = 20;

export function createKnex(connectionString: string, poolMax = DEFAULT_POOL_MAX): Knex {
  const config: Knex.Config = { client: PreparingPgClient as unknown as typeof knexFactory.Client, connection: { connectionString, application_name: 'ordercast' } };
  const db = knexFactory({ ...config, pool: { min: 0, max: poolMax } });
  // Request reads get half as many connections again: they no longer borrow the app's.
  attachTenantReader(db, config, Math.max(2, Math.ceil(poolMax / 2)));
  return db;
}

/** Creates the database named in `url` on its server if it does not exist yet. */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
