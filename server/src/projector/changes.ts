import type { Knex } from 'knex';
import type { ReadModelChange } from './projection';

export const CHANGES_CHANNEL = 'ordercast_read_model_changes';

/**
 * Queues the change notifications of one projection batch in its transaction: PostgreSQL delivers
 * them at commit and only if the batch commits, to every server process listening.
 */
export async function notifyChanges(trx: Knex.Transaction, changes: ReadModelChange[]): Promise<void> {
  const unique = new Map(changes.map((c) => [`${c.tenantId}\u0000${c.topic}\u0000${c.id}\u0000${JSON.stringify(c.data ?? null)}`, c]));
  for (const change of unique.values()) {
    await trx.raw('SELECT pg_notify(?, ?)', [CHANGES_CHANNEL, JSON.stringify(change)]);
  }
}

export function parseChange(payload: string | undefined): ReadModelChange | undefined {
  if (!payload) return undefined;
  try {
    const value = JSON.parse(payload) as ReadModelChange;
    return typeof value.topic === 'string' && typeof value.id === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
