import type { BoardOrderRowFragment } from '../../gql/graphql';
import { matchesFilters, type BoardFilters } from './board-filters';

type Row = BoardOrderRowFragment;

/** The newer of two views of one order (pushes and answers arrive in no guaranteed order). */
export const newerRow = (a: Row | undefined, b: Row): Row => (a && a.version > b.version ? a : b);

/**
 * What the board shows: the rows read for the filters with every pushed change laid over them,
 * newest order first. A pushed order that matches the filters is shown (new orders appear at the
 * top), one that no longer matches leaves, and an older answer never hides a newer push. While
 * older pages are unread, a pushed order older than every row read belongs to one of them:
 * "Load more" brings it in its place, rather than the board growing at its far end.
 */
export function boardRows(read: readonly Row[], pushed: Iterable<Row>, moreToRead: boolean, filters: BoardFilters): Row[] {
  const byId = new Map<string, Row>();
  for (const row of read) byId.set(row.id, newerRow(byId.get(row.id), row));
  const oldestRead = moreToRead && read.length > 0 ? read.reduce((oldest, row) => (row.createdAt < oldest ? row.createdAt : oldest), read[0].createdAt) : null;
  for (const row of pushed) {
    if (!byId.has(row.id) && oldestRead !== null && row.createdAt < oldestRead) continue;
    byId.set(row.id, newerRow(byId.get(row.id), row));
  }
  return [...byId.values()].filter((row) => matchesFilters(row, filters)).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
}
