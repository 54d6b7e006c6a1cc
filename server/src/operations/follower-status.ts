import type { Knex } from 'knex';

export interface FollowerLag {
  name: string;
  kind: 'projection' | 'process';
  /** Global position of the last event it has passed (0 before the first). */
  position: number;
  /** Committed events it has yet to pass. */
  lagEvents: number;
  /** Age of the oldest event it has yet to pass; 0 when caught up. */
  lagSeconds: number;
}

/** How far each follower of the log is behind, from the stored checkpoints (whichever node moves them). */
export async function followerLag(db: Knex, followers: readonly { name: string; kind: 'projection' | 'process' }[]): Promise<FollowerLag[]> {
  if (followers.length === 0) return [];
  const { rows } = await db.raw<{ rows: { name: string; position: string; lag_events: string; oldest: Date | null }[] }>(
    `SELECT f.name, coalesce(c.global_position, 0) AS position, lag.lag_events, lag.oldest
       FROM unnest(?::text[]) WITH ORDINALITY AS f(name, n)
       LEFT JOIN projection_checkpoints c ON c.name = f.name
       CROSS JOIN LATERAL (
         SELECT count(*) AS lag_events, min(e.recorded_at) AS oldest FROM events e
          WHERE (e.transaction_id, e.global_position) > (coalesce(c.transaction_id, '0'::xid8), coalesce(c.global_position, 0))
       ) lag
      ORDER BY f.n`,
    [followers.map((f) => f.name)],
  );
  const now = Date.now();
  const kinds = new Map(followers.map((f) => [f.name, f.kind]));
  return rows.map((row) => ({
    name: row.name,
    kind: kinds.get(row.name)!,
    position: Number(row.position),
    lagEvents: Number(row.lag_events),
    lagSeconds: row.oldest ? Math.max(0, (now - row.oldest.getTime()) / 1000) : 0,
  }));
}
