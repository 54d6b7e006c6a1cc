import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleCommand } from '../../server/src/commands/command-handler';
import type { Decider } from '../../server/src/commands/decider';
import { EventStore } from '../../server/src/eventstore/event-store';
import { InvalidStateError } from '../../server/src/shared/errors';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { rowsRead } from '../support/rows-read';

type GateEvent = { type: 'Opened'; data: Record<string, never> } | { type: 'Passed'; data: Record<string, never> };
type GateCommand = { type: 'Open' } | { type: 'Pass' } | { type: 'PassIfOpen' };
interface Gate {
  open: boolean;
  passes: number;
}

/** A gate: passing a closed one is refused (`Pass`) or does nothing (`PassIfOpen`), so an old state decides otherwise than the new one. */
const gate: Decider<Gate, GateCommand, GateEvent> = {
  streamType: 'Gate',
  initialState: () => ({ open: false, passes: 0 }),
  evolve: (state, event) => (event.type === 'Opened' ? { ...state, open: true } : { ...state, passes: state.passes + 1 }),
  decide: (command, state) => {
    if (command.type === 'Open') return state.open ? [] : [{ type: 'Opened', data: {} }];
    if (command.type === 'Pass' && !state.open) throw new InvalidStateError('the gate is closed');
    return state.open ? [{ type: 'Passed', data: {} }] : [];
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

let gates = 0;
/** A gate stream opened by another writer; `guess` is the state from before it opened (version 0). */
async function gateOpenedElsewhere() {
  const streamId = `gate-${++gates}`;
  await store.append({ streamId, streamType: 'Gate', expectedVersion: 0, events: [{ type: 'Opened', data: {} }] }, { tenantId });
  return { streamId, guess: { streamId, state: gate.initialState(), version: 0 } };
}
const types = async (streamId: string) => (await store.readStream(streamId, { tenantId })).map((e) => e.type);

describe('handleCommand on a guessed stream (as this process last left it)', () => {
  it('decides on a guess that is current without reading the stream', async () => {
    const opened = await handleCommand(store, gate, `gate-${++gates}`, { type: 'Open' }, { tenantId });
    const { result, queries } = await rowsRead(database.db, () => handleCommand(store, gate, opened.stream.streamId, { type: 'Pass' }, { tenantId, guess: opened.stream }));
    expect(queries).toBe(0);
    expect(result.stream).toMatchObject({ state: { open: true, passes: 1 }, version: 2 });
  });

  it('checks a refusal on an old guess against the stream as it is: the command is taken there', async () => {
    const { streamId, guess } = await gateOpenedElsewhere();
    const result = await handleCommand(store, gate, streamId, { type: 'Pass' }, { tenantId, guess });
    expect(result.newEvents.map((e) => e.type)).toEqual(['Passed']);
    expect(await types(streamId)).toEqual(['Opened', 'Passed']);
  });

  it('checks an empty decision on an old guess against the stream as it is', async () => {
    const { streamId, guess } = await gateOpenedElsewhere();
    await handleCommand(store, gate, streamId, { type: 'PassIfOpen' }, { tenantId, guess });
    expect(await types(streamId)).toEqual(['Opened', 'Passed']);
  });

  it('decides again after a conflict when an old guess decided events, and answers a refusal that holds on the stream', async () => {
    const { streamId, guess } = await gateOpenedElsewhere();
    // Open on the old guess decides Opened, whose append conflicts: on the stream read again it decides nothing.
    const again = await handleCommand(store, gate, streamId, { type: 'Open' }, { tenantId, guess });
    expect(again.append).toBeUndefined();
    expect(await types(streamId)).toEqual(['Opened']);
    const closed = `gate-${++gates}`;
    await expect(handleCommand(store, gate, closed, { type: 'Pass' }, { tenantId, guess: { streamId: closed, state: gate.initialState(), version: 0 } })).rejects.toThrow(InvalidStateError);
  });
});
