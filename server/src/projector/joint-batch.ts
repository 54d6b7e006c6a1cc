import type { Knex } from 'knex';
import type { EventStore } from '../eventstore/event-store';
import type { LogCheckpoint, RecordedEvent } from '../eventstore/types';
import { withPinnedConnection } from '../db/pinned-connection';
import { uniqueChanges } from './changes';
import { advanceCheckpointsNotifyAndCommit, beginAndClaimJointBatch, endEmptyClaim, reached } from './checkpoints';
import { applyAll, eventTypeFilter, type Projection, type ReadModelChange } from './projection';
import { emptyBatch, type BatchResult } from './projection-runner';
import { KeptRows, trustedForBatch, typesWithRetries, type RecentRows } from './recent-rows';

/** A member's outcome: its batch, or `busy` when another transaction held its lock (it was left out). */
export type JointOutcome = BatchResult | 'busy';

/** The types a joint claim asks payloads of: every member's (undefined, every type, when one takes all). */
export function jointTypes(projections: readonly Projection[]): readonly string[] | undefined {
  const types = new Set<string>();
  for (const projection of projections) {
    const own = eventTypeFilter(projection);
    if (!own) return undefined;
    for (const type of own) types.add(type);
  }
  return [...types];
}

/**
 * The claimed events a member applies: those after its own checkpoint (`opened` is in log order,
 * so they are a tail of it; usually all of it, the members standing together), of its types.
 */
function memberEvents(projection: Projection, from: LogCheckpoint, opened: readonly RecordedEvent[]): RecordedEvent[] {
  let first = 0;
  while (first < opened.length && reached(from, { transactionId: opened[first]!.transactionId, position: Number(opened[first]!.position) })) first++;
  const types = eventTypeFilter(projection);
  const after = first === 0 ? opened : opened.slice(first);
  if (!types) return [...after];
  const wanted = new Set(types);
  return after.filter((event) => wanted.has(event.type));
}

/**
 * Applies one batch of each projection in one transaction: one claim, every member's rows, one
 * move of all the checkpoints with the batch's change notifications, one commit (see migration
 * 20261201_0120). All or nothing: a member that fails rolls the others back too, and the caller
 * runs them one by one (`runProjectionBatch`) to find the one at fault.
 *
 * The members need not stand at one checkpoint: the claim reads from the earliest, and each
 * member applies only what lies after its own; a member already past the whole claim stays where
 * it is. A member whose lock another transaction holds is answered `busy` and left out.
 */
export async function runJointBatch(
  db: Knex,
  store: EventStore,
  projections: readonly Projection[],
  batchSize: number,
  recent?: RecentRows,
): Promise<JointOutcome[]> {
  return withPinnedConnection(db, async (trx, sql) => {
    const claim = await beginAndClaimJointBatch(sql, projections.map((p) => p.name), batchSize, typesWithRetries(jointTypes(projections), recent));
    const locked = claim.members.flatMap((m, i) => (m.locked ? [i] : []));
    if (locked.length === 0) {
      await sql.query('COMMIT');
      return projections.map(() => 'busy');
    }
    const to = claim.to;
    if (!to) {
      // Nothing after the earliest checkpoint, so every locked member stands there.
      const { heldBack } = await endEmptyClaim(sql, claim.members[locked[0]!]!.from);
      return claim.members.map((m) => (m.locked ? emptyBatch(m.from, heldBack) : 'busy'));
    }
    const opened = await store.open(claim.events, trx);
    const changes: ReadModelChange[] = [];
    const kept = new KeptRows();
    const changed = (change: ReadModelChange) => changes.push(change);
    const outcomes: JointOutcome[] = claim.members.map((m) => (m.locked ? emptyBatch(m.from) : 'busy'));
    const moves: { name: string; from: LogCheckpoint }[] = [];
    for (const i of locked) {
      const { from } = claim.members[i]!;
      if (reached(from, to)) continue;
      const projection = projections[i]!;
      const events = memberEvents(projection, from, opened);
      await applyAll(projection, events, { trx, changed, ...kept.contextFor(projection.name, trustedForBatch(recent, projection.name, from, { read: claim.read, events: opened }, batchSize)) });
      moves.push({ name: projection.name, from });
      outcomes[i] = { applied: events.length, read: claim.read, heldBack: false, checkpoint: to };
    }
    const committing = advanceCheckpointsNotifyAndCommit(sql, moves, to, uniqueChanges(changes));
    kept.offerTo(recent, committing);
    await committing;
    for (const { name } of moves) recent?.passed(name, to);
    return outcomes;
  });
}
