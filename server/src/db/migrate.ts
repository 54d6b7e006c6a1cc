import type { Knex } from 'knex';
import { migrations } from '../../../migrations';

/**
 * Knex reads migrations from a list instead of scanning the folder, so the same TypeScript
 * migrations run under tsx, vitest and any bundler without a separate compile step.
 */
const source: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations).sort(),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name]!,
};

export async function migrateToLatest(db: Knex): Promise<void> {
  await db.migrate.latest({ migrationSource: source });
}

export async function rollbackAll(db: Knex): Promise<void> {
  await db.migrate.rollback({ migrationSource: source }, true);
}

/** Names of the migrations this code has that the database has not run yet. */
export async function pendingMigrations(db: Knex): Promise<string[]> {
  const [, pending] = (await db.migrate.list({ migrationSource: source })) as [unknown[], { file: string }[] | string[]];
  return pending.map((m) => (typeof m === 'string' ? m : m.file));
}
