import type { Knex } from 'knex';
import { createPinnedKnex } from './pinned-connection';

/**
 * A pool for request reads whose connections are the restricted role for their whole life
 * (SET ROLE at connect), so PostgreSQL's row-level security applies to every statement on them
 * and the role cannot write. Kept apart from the app's pool, whose connections keep the app's role.
 * Its `transaction()` pins a connection without BEGIN/COMMIT: request reads need nothing more
 * (each READ COMMITTED statement takes its own snapshot in a transaction too).
 */
export function createTenantReaderKnex(config: Knex.Config, role: string, poolMax: number): Knex {
  return createPinnedKnex({
    ...config,
    pool: {
      min: 0,
      max: poolMax,
      afterCreate: (connection: { query(sql: string, cb: (error?: Error) => void): void }, done: (error: Error | undefined, connection: unknown) => void) => {
        connection.query(`SET ROLE ${role}`, (error) => done(error, connection));
      },
    },
  });
}
