import type { Knex } from 'knex';

/** Queries that read the events or the stream snapshots (not, say, a NOTIFY sent in the background). */
export const READS_STREAMS = /\bfrom\s+("?(events|stream_snapshots)"?(\s|$)|ordercast_(load|read)_streams?\()/i;

/**
 * How many rows of events and stream snapshots the database handed back to `db` while `run` ran,
 * and in how many queries: every such query's response is counted (a builder's row array, or a
 * raw query's `rows`), whichever code path issued it.
 */
export async function rowsRead<T>(db: Knex, run: () => Promise<T>): Promise<{ result: T; rows: number; queries: number }> {
  let rows = 0;
  let queries = 0;
  const listener = (response: unknown, query: { sql?: string }) => {
    if (!READS_STREAMS.test(query.sql ?? '')) return;
    queries++;
    if (Array.isArray(response)) rows += response.length;
    else if (response && typeof response === 'object' && Array.isArray((response as { rows?: unknown }).rows)) rows += (response as { rows: unknown[] }).rows.length;
  };
  db.on('query-response', listener);
  try {
    const result = await run();
    return { result, rows, queries };
  } finally {
    db.off('query-response', listener);
  }
}
