import type { Knex } from 'knex';
import type { ReadModelChange } from './projection';

export const CHANGES_CHANNEL = 'ordercast_read_model_changes';

/** PostgreSQL refuses payloads of 8000 bytes or more. */
const MAX_PAYLOAD_BYTES = 7900;

/**
 * Queues the change notifications of one projection batch in its transaction: PostgreSQL delivers
 * them at commit and only if the batch commits, to every server process listening. The batch's
 * changes travel as JSON arrays, as few as the payload limit allows, in one statement.
 */
export async function notifyChanges(trx: Knex.Transaction, changes: ReadModelChange[]): Promise<void> {
  const unique = [...new Map(changes.map((c) => [`${c.tenantId}\u0000${c.topic}\u0000${c.id}\u0000${JSON.stringify(c.data ?? null)}`, c])).values()];
  const payloads = chunkPayloads(unique);
  if (payloads.length > 0) await trx.raw('SELECT pg_notify(?, payload) FROM unnest(?::text[]) AS payload', [CHANGES_CHANNEL, payloads]);
}

/** JSON arrays of changes, each payload under PostgreSQL's limit, in the changes' order. */
export function chunkPayloads(changes: readonly ReadModelChange[]): string[] {
  const payloads: string[] = [];
  let chunk: string[] = [];
  let bytes = 2;
  for (const change of changes) {
    const encoded = JSON.stringify(change);
    const size = Buffer.byteLength(encoded) + 1;
    if (chunk.length > 0 && bytes + size > MAX_PAYLOAD_BYTES) {
      payloads.push(`[${chunk.join(',')}]`);
      chunk = [];
      bytes = 2;
    }
    chunk.push(encoded);
    bytes += size;
  }
  if (chunk.length > 0) payloads.push(`[${chunk.join(',')}]`);
  return payloads;
}

const isChange = (value: unknown): value is ReadModelChange =>
  typeof value === 'object' && value !== null && typeof (value as ReadModelChange).topic === 'string' && typeof (value as ReadModelChange).id === 'string';

/** The changes a payload carries (an array of them; a single change is accepted too); malformed entries are dropped. */
export function parseChanges(payload: string | undefined): ReadModelChange[] {
  if (!payload) return [];
  try {
    const value = JSON.parse(payload) as unknown;
    return (Array.isArray(value) ? value : [value]).filter(isChange);
  } catch {
    return [];
  }
}
