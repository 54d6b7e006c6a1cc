import type { Knex } from 'knex';
import type { EventStore } from '../eventstore/event-store';
import { ConcurrencyError, type EventMetadata } from '../eventstore/types';
import { CHANGES_CHANNEL, uniqueChanges } from '../projector/changes';
import { describe, PARKED_EVENT_RETRIED } from '../projector/parking';
import type { Projection, ReadModelChange } from '../projector/projection';
import type { ProcessManager } from '../process/process-manager';
import { ConflictError, InvalidStateError, NotFoundError } from '../shared/errors';
import { PARKED_EVENT_STREAM_TYPE, parkedEventStreamId, type ParkedEventRetried, type ParkedEventSkipped } from './events';

export interface ParkedEventView {
  follower: string;
  position: number;
  tenantId: string;
  streamId: string;
  eventType: string;
  error: string;
  attempts: number;
  parkedAt: Date;
}

interface ParkedRow {
  follower: string;
  global_position: string | number;
  tenant_id: string;
  stream_id: string;
  event_type: string;
  error: string;
  attempts: number;
  parked_at: Date;
}

const toView = (row: ParkedRow): ParkedEventView => ({
  follower: row.follower,
  position: Number(row.global_position),
  tenantId: row.tenant_id,
  streamId: row.stream_id,
  eventType: row.event_type,
  error: row.error,
  attempts: row.attempts,
  parkedAt: row.parked_at,
});

/** Who decides, in which shop: operators only see and decide on their own shop's parked events. */
export interface OperatorScope {
  tenantId: string;
  metadata: EventMetadata;
}

/** Parked events: listed for operators, retried (applied exactly once) or skipped on their word. */
export class ParkedEvents {
  constructor(
    private readonly db: Knex,
    private readonly store: EventStore,
    private readonly projections: readonly Projection[],
    private readonly processManagers: readonly ProcessManager[] = [],
  ) {}

  /** Open (unresolved) parked events; of one shop when `tenantId` is given. */
  async open(tenantId?: string): Promise<ParkedEventView[]> {
    const query = this.db<ParkedRow>('parked_events').whereNull('resolved_at').orderBy(['follower', 'global_position']);
    if (tenantId !== undefined) query.where({ tenant_id: tenantId });
    return (await query).map(toView);
  }

  async countOpen(): Promise<Map<string, number>> {
    const rows = await this.db('parked_events').whereNull('resolved_at').groupBy('follower').select('follower').count<{ follower: string; count: string }[]>('* as count');
    return new Map(rows.map((r) => [r.follower, Number(r.count)]));
  }

  /**
   * Applies a parked event now (after a fix), exactly once: the decision event, the projection's
   * writes and the resolution commit together, under the projection's batch lock. An event that
   * still fails changes nothing and stays parked.
   */
  async retry(follower: string, position: number, scope: OperatorScope): Promise<ParkedEventView> {
    const projection = this.projections.find((p) => p.name === follower);
    if (projection) return this.retryProjection(projection, position, scope);
    const manager = this.processManagers.find((m) => m.name === follower);
    if (manager) return this.retryProcess(manager, position, scope);
    throw new NotFoundError('Projection', follower);
  }

  private retryProjection(projection: Projection, position: number, scope: OperatorScope): Promise<ParkedEventView> {
    return this.decide(projection.name, position, scope, 'retried', async (trx, parked) => {
      const event = await this.recordedEvent(parked.position, trx);
      const changes: ReadModelChange[] = [];
      try {
        await trx.transaction((savepoint) => projection.apply(event, { trx: savepoint, changed: (change) => changes.push(change) }));
      } catch (error) {
        throw new InvalidStateError(`The event still fails to apply: ${describe(error)}`, { follower: projection.name, position });
      }
      await trx.raw('SELECT ordercast_log_changes(?, ?::jsonb)', [CHANGES_CHANNEL, JSON.stringify(uniqueChanges(changes))]);
    });
  }

  /**
   * A process manager's handler calls the outside world, so it runs before (not inside) the
   * transaction that records the decision; handlers are idempotent, so a retry that races another
   * operator's does no harm (that one then gets CONFLICT).
   */
  private async retryProcess(manager: ProcessManager, position: number, scope: OperatorScope): Promise<ParkedEventView> {
    const parked = await this.findOpen(this.db, manager.name, position, scope.tenantId);
    if (!parked) throw new NotFoundError('Parked event', `${manager.name}@${position}`);
    try {
      await manager.handle(await this.recordedEvent(position));
    } catch (error) {
      throw new InvalidStateError(`The event still fails to be handled: ${describe(error)}`, { follower: manager.name, position });
    }
    return this.decide(manager.name, position, scope, 'retried', async () => {});
  }

  /** Leaves a parked event unapplied for good (the operator's decision is recorded). */
  async skip(follower: string, position: number, scope: OperatorScope): Promise<ParkedEventView> {
    return this.decide(follower, position, scope, 'skipped', async () => {});
  }

  private async decide(
    follower: string,
    position: number,
    scope: OperatorScope,
    resolution: 'retried' | 'skipped',
    act: (trx: Knex.Transaction, parked: ParkedEventView) => Promise<void>,
  ): Promise<ParkedEventView> {
    const parked = await this.findOpen(this.db, follower, position, scope.tenantId);
    if (!parked) throw new NotFoundError('Parked event', `${follower}@${position}`);
    try {
      await this.db.transaction(async (trx) => {
        const decision = { follower, position, eventType: parked.eventType };
        const event: ParkedEventRetried | ParkedEventSkipped = resolution === 'retried' ? { type: PARKED_EVENT_RETRIED, data: decision } : { type: 'ParkedEventSkipped', data: decision };
        // The append must be the transaction's first write; version 0 makes a second decision a conflict.
        await this.store.append(
          { streamId: parkedEventStreamId(follower, position), streamType: PARKED_EVENT_STREAM_TYPE, expectedVersion: 0, events: [event] },
          { tenantId: scope.tenantId, metadata: scope.metadata, trx },
        );
        // The projection's batches take this lock too: none runs while the event is applied.
        await trx.raw("SELECT pg_advisory_xact_lock(hashtext('ordercast.checkpoint'), hashtext(?))", [follower]);
        if (!(await this.findOpen(trx, follower, position, scope.tenantId, { lock: true }))) throw new NotFoundError('Parked event', `${follower}@${position}`);
        await act(trx, parked);
        await trx('parked_events')
          .where({ follower, global_position: position })
          .update({ resolved_at: trx.fn.now(), resolution, resolved_by: scope.metadata.actor ?? null });
      });
    } catch (error) {
      if (error instanceof ConcurrencyError) throw new ConflictError('Another operator has decided on this parked event', { follower, position });
      throw error;
    }
    return parked;
  }

  /** A parked event is never missing from the log: events are never deleted. */
  private async recordedEvent(position: number, trx?: Knex.Transaction) {
    const event = await this.store.eventAt(position, trx);
    if (!event) throw new Error(`event ${position} is parked but not in the log`);
    return event;
  }

  private async findOpen(db: Knex | Knex.Transaction, follower: string, position: number, tenantId: string, options: { lock?: boolean } = {}): Promise<ParkedEventView | undefined> {
    const query = db<ParkedRow>('parked_events').where({ follower, global_position: position, tenant_id: tenantId }).whereNull('resolved_at').first();
    const row = await (options.lock ? query.forUpdate() : query);
    return row && toView(row);
  }
}
