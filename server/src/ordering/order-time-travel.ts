import { fold } from '../commands/decider';
import type { EventStore } from '../eventstore/event-store';
import type { RecordedEvent } from '../eventstore/types';
import { BadUserInputError } from '../shared/errors';
import { orderStreamId, type OrderEvent } from './events';
import { orderDecider, orderTotal, type OrderState } from './order-decider';
import type { OrderView } from './order-queries';

export interface PointInTime {
  asOf?: Date | null;
  version?: number | null;
}

/** Where a past view stops, for what is shown alongside it (e.g. its history). */
export interface PastOrderView extends OrderView {
  historyCut: { asOf?: Date; position?: number };
}

/** Null when the order's current view is asked for; refuses contradictory or impossible points. */
export function pointInTime(input: PointInTime): { asOf: Date } | { version: number } | null {
  const asOf = input.asOf ?? undefined;
  const version = input.version ?? undefined;
  if (asOf !== undefined && version !== undefined) throw new BadUserInputError('Give either asOf or version, not both', { field: 'version' });
  if (version !== undefined) {
    if (!Number.isInteger(version) || version < 1) throw new BadUserInputError('version must be 1 or more', { field: 'version' });
    return { version };
  }
  if (asOf !== undefined) {
    if (Number.isNaN(asOf.getTime())) throw new BadUserInputError('asOf is not a valid moment', { field: 'asOf' });
    return { asOf };
  }
  return null;
}

/**
 * The order as it stood at a past moment or version, folded from its own stream with the order
 * decider: the event store is the truth, so this does not depend on any read table. The point is
 * inclusive: `asOf` an event's recorded time (to the millisecond, as the API shows it) includes it.
 */
export class OrderTimeTravel {
  constructor(private readonly store: EventStore) {}

  async at(tenantId: string, orderId: string, point: { asOf: Date } | { version: number }): Promise<PastOrderView | null> {
    const events =
      'version' in point
        ? await this.store.readStream(orderStreamId(orderId), { tenantId, toVersion: point.version, asTenant: true })
        : // Filtered here, at the millisecond precision clients see: asOf an event's shown time includes it.
          (await this.store.readStream(orderStreamId(orderId), { tenantId, asTenant: true })).filter((e) => e.recordedAt.getTime() <= point.asOf.getTime());
    if (events.length === 0) return null;
    if ('version' in point && events[events.length - 1]!.streamVersion < point.version) {
      throw new BadUserInputError(`Order ${orderId} has not reached version ${point.version}; it is at version ${events[events.length - 1]!.streamVersion}`, {
        field: 'version',
      });
    }
    return toView(orderId, events, foldOrder(events), point);
  }
}

/** Folds with the decider; an event type the decider does not know (yet) leaves the state as it was. */
function foldOrder(events: RecordedEvent[]): OrderState {
  const tolerant = { initialState: orderDecider.initialState, evolve: (state: OrderState, event: OrderEvent) => orderDecider.evolve(state, event) ?? state };
  return fold(tolerant, events as unknown as OrderEvent[]);
}

function toView(orderId: string, events: RecordedEvent[], state: OrderState, point: { asOf: Date } | { version: number }): PastOrderView {
  const first = events[0]!;
  const last = events[events.length - 1]!;
  const currency = state.items[0]?.unitPrice.currency;
  return {
    id: orderId,
    customerId: state.customerId ?? null,
    seq: first.position,
    status: state.status,
    version: last.streamVersion,
    items: state.items.map((i) => ({ ...i, lineTotal: { amount: i.unitPrice.amount * i.quantity, currency: i.unitPrice.currency } })),
    total: currency ? { amount: orderTotal(state), currency } : null,
    createdAt: first.recordedAt,
    updatedAt: last.recordedAt,
    historyCut: 'asOf' in point ? { asOf: point.asOf } : { position: last.position },
  };
}
