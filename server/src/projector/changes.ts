import type { ReadModelChange } from './projection';

export const CHANGES_CHANNEL = 'ordercast_read_model_changes';

/**
 * The changes of one projection batch without repeats (a batch often changes one row several
 * times), in first-seen order: logged and NOTIFYed in the batch's transaction, so PostgreSQL
 * delivers them at commit and only if the batch commits, to every server process listening.
 */
export function uniqueChanges(changes: readonly ReadModelChange[]): ReadModelChange[] {
  return [...new Map(changes.map((c) => [`${c.tenantId}\u0000${c.topic}\u0000${c.id}\u0000${JSON.stringify(c.data ?? null)}`, c])).values()];
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
