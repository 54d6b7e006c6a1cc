import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Decider } from '../../server/src/commands/decider';
import { StreamGroupCommit } from '../../server/src/commands/group-commit';
import { EventStore } from '../../server/src/eventstore/event-store';
import { KeyedLock } from '../../server/src/shared/keyed-lock';
import { createTestDatabase, type TestDatabase } from '../support/database';

type TicketEvent = { type: 'TicketsAdded'; data: { count: number } } | { type: 'TicketTaken'; data: { by: string } };
interface Tickets {
  left: number;
}
class SoldOut extends Error {}

const tickets: Decider<Tickets, never, TicketEvent> = {
  streamType: 'Tickets',
  initialState: () => ({ left: 0 }),
  evolve: (state, event) => ({ left: state.left + (event.type === 'TicketsAdded' ? event.data.count : -1) }),
  decide: () => [],
};

const take = (by: string) => (state: Tickets): TicketEvent[] => {
  if (state.left < 1) throw new SoldOut(`sold out before ${by}`);
  return [{ type: 'TicketTaken', data: { by } }];
};

let database: TestDatabase;
let store: EventStore;
const tenantId = 'demo';

beforeAll(async () => {
  database = await createTestDatabase();
  store = new EventStore(database.db);
});
afterAll(() => database.drop());

const groupCommit = () => new StreamGroupCommit(store, tickets, new KeyedLock(), (tenant, stream) => `${tenant}:${stream}`);
const context = (by: string) => ({ tenantId, metadata: { correlationId: by, actor: `user:${by}` } });

describe('group commit on a hot stream', () => {
  it('decides a crowd in arrival order on shared loads: exactly the stock is taken, the rest refused alone, each event with its own metadata', async () => {
    await store.append({ streamId: 'tickets-1', streamType: 'Tickets', expectedVersion: 0, events: [{ type: 'TicketsAdded', data: { count: 10 } }] }, { tenantId });
    const commits = groupCommit();
    const buyers = Array.from({ length: 30 }, (_, i) => `buyer-${i}`);
    const outcomes = await Promise.allSettled(buyers.map((by) => commits.run('tickets-1', take(by), context(by))));

    const taken = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(taken).toHaveLength(10);
    expect(refused).toHaveLength(20);
    expect(refused.every((o) => o.reason instanceof SoldOut)).toBe(true);
    // The first ten to arrive got them.
    expect(outcomes.slice(0, 10).every((o) => o.status === 'fulfilled')).toBe(true);

    const events = (await store.readStream('tickets-1', { tenantId })).filter((e) => e.type === 'TicketTaken');
    expect(events).toHaveLength(10);
    for (const event of events) expect(event.metadata.correlationId).toBe((event.data as { by: string }).by);
    // Shared appends: fewer appending transactions than commands that appended.
    expect(new Set(events.map((e) => e.transactionId)).size).toBeLessThan(10);
    // Each command sees the state right after its own events.
    const lefts = taken.map((o) => (o as PromiseFulfilledResult<{ state: Tickets }>).value.state.left).sort((a, b) => a - b);
    expect(lefts).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('stays exact when two processes group-commit on the same stream (conflicts decide the group again)', async () => {
    await store.append({ streamId: 'tickets-2', streamType: 'Tickets', expectedVersion: 0, events: [{ type: 'TicketsAdded', data: { count: 15 } }] }, { tenantId });
    const [here, there] = [groupCommit(), groupCommit()];
    const outcomes = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? here : there).run('tickets-2', take(`b${i}`), context(`b${i}`))),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(15);
    const taken = (await store.readStream('tickets-2', { tenantId })).filter((e) => e.type === 'TicketTaken');
    expect(taken).toHaveLength(15);
    expect(new Set(taken.map((e) => (e.data as { by: string }).by)).size).toBe(15);
  });
});
