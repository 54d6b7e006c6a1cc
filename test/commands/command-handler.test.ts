import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleCommand } from '../../server/src/commands/command-handler';
import type { Decider } from '../../server/src/commands/decider';
import { EventStore } from '../../server/src/eventstore/event-store';
import { InvalidStateError } from '../../server/src/shared/errors';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { rowsRead } from '../support/rows-read';

type CounterEvent = { type: 'Opened'; data: Record<string, never> } | { type: 'Incremented'; data: { by: number } };
type CounterCommand = { type: 'Open' } | { type: 'Increment'; by: number; atMost: number };
interface Counter {
  open: boolean;
  value: number;
}

/** A counter that refuses to pass `atMost`: a decision that is wrong on a stale state shows it. */
const counter: Decider<Counter, CounterCommand, CounterEvent> = {
  streamType: 'Counter',
  initialState: () => ({ open: false, value: 0 }),
  evolve: (state, event) => (event.type === 'Opened' ? { ...state, open: true } : { ...state, value: state.value + event.data.by }),
  decide: (command, state) => {
    if (command.type === 'Open') return state.open ? [] : [{ type: 'Opened', data: {} }];
    if (state.value + command.by > command.atMost) throw new InvalidStateError(`would pass ${command.atMost}`);
    return [{ type: 'Incremented', data: { by: command.by } }];
  },
};

let database: TestDatabase;
let store: EventStore;
const tenantId = 'demo';

beforeAll(async () => {
  database = await createTestDatabase();
  store = new EventStore(database.db);
});
afterAll(() => database.drop());

describe('handleCommand from a stream the caller already knows', () => {
  it('decides on an empty stream named by a fresh id without reading it', async () => {
    const { result, queries } = await rowsRead(database.db, () =>
      handleCommand(store, counter, 'counter-fresh', { type: 'Open' }, { tenantId, from: { streamId: 'counter-fresh', state: counter.initialState(), version: 0 } }),
    );
    expect(queries).toBe(0);
    expect(result.stream).toEqual({ streamId: 'counter-fresh', state: { open: true, value: 0 }, version: 1, snapshotVersion: undefined });
    expect((await store.readStream('counter-fresh', { tenantId })).map((e) => e.type)).toEqual(['Opened']);
  });

  it("decides a next command on the first one's stream without reading it", async () => {
    const opened = await handleCommand(store, counter, 'counter-next', { type: 'Open' }, { tenantId });
    const { result, queries } = await rowsRead(database.db, () =>
      handleCommand(store, counter, 'counter-next', { type: 'Increment', by: 2, atMost: 10 }, { tenantId, from: opened.stream }),
    );
    expect(queries).toBe(0);
    expect(result.stream).toMatchObject({ state: { open: true, value: 2 }, version: 2 });
  });

  it('a stream that moved since: the append conflicts, and the command is decided again on the loaded stream', async () => {
    const opened = await handleCommand(store, counter, 'counter-moved', { type: 'Open' }, { tenantId });
    // Someone else takes it to 9 meanwhile: deciding on the stale state would take it to 14.
    await handleCommand(store, counter, 'counter-moved', { type: 'Increment', by: 9, atMost: 10 }, { tenantId });
    const stale = handleCommand(store, counter, 'counter-moved', { type: 'Increment', by: 5, atMost: 10 }, { tenantId, from: opened.stream });
    await expect(stale).rejects.toThrow(InvalidStateError);
    const ok = await handleCommand(store, counter, 'counter-moved', { type: 'Increment', by: 1, atMost: 10 }, { tenantId, from: opened.stream });
    expect(ok.stream).toMatchObject({ state: { value: 10 }, version: 3 });
    expect((await store.readStream('counter-moved', { tenantId })).map((e) => e.type)).toEqual(['Opened', 'Incremented', 'Incremented']);
  });
});
