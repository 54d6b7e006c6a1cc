import type { Knex } from 'knex';
import { TENANT_READ } from '../../server/src/db/tenant-scope';

export interface Statement {
  sql: string;
  txId?: string;
}

/**
 * The SQL statements of request reads (those run under row-level security, marked TENANT_READ)
 * while `run` runs, one "transaction" per `withTenant` call. The projector and the other
 * background jobs never take that role, so they do not count.
 */
export async function requestReads(db: Knex, run: () => Promise<void>): Promise<{ statements: Statement[]; transactions: number; selectsFrom(table: string): number }> {
  const seen: Statement[] = [];
  const tenantTx = new Set<string>();
  const onQuery = (query: { sql: string; bindings?: unknown[]; __knexTxId?: string; [TENANT_READ]?: boolean }) => {
    seen.push({ sql: query.sql, txId: query.__knexTxId });
    if (query.__knexTxId && query[TENANT_READ]) tenantTx.add(query.__knexTxId);
  };
  db.on('query', onQuery);
  try {
    await run();
  } finally {
    db.off('query', onQuery);
  }
  // A reader connection is set to the shop once, whichever read comes first: not a per-parent cost.
  const statements = seen.filter((s) => s.txId !== undefined && tenantTx.has(s.txId) && !s.sql.startsWith('SELECT set_config('));
  return {
    statements,
    transactions: tenantTx.size,
    selectsFrom: (table) => statements.filter((s) => new RegExp(`^select .* from "${table}"`, 'i').test(s.sql)).length,
  };
}
