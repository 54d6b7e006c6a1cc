import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/src/config/logger';
import { EventStore } from '../../server/src/eventstore/event-store';
import { readCheckpoint } from '../../server/src/projector/checkpoints';
import { runProjectionBatch } from '../../server/src/projector/projection-runner';
import { Projector } from '../../server/src/projector/projector';
import { rebuildProjection } from '../../server/src/projector/rebuild';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createCountingProjection, projectedRows } from '../support/test-projection';

let database: TestDatabase;
let store: EventStore;
const logger = createLogger('silent');

beforeAll(async () => {
  database = await createTestDatabase();
  store = new EventStore(database.db);
});
afterAll(() => database.drop());

async function appendMany(from: number, to: number) {
  let last;
  for (let n = from; n <= to; n++) last = await store.append({ streamId: `c-${n}`, streamType: 'Test', expectedVersion: 0, events: [{ type: 'Happened', data: { n } }] }, { tenantId: 'demo' });
  return last!.checkpoint;
}

describe('projector crash recovery', () => {
  it('re-applies nothing and loses nothing when it crashes in the middle of a batch', async () => {
    await appendMany(1, 30);
    // The first runner "crashes" on event 17: that batch rolls back, rows and checkpoint alike.
    const crashing = await createCountingProjection(database.db, 'crashy', { failOn: (n) => n === 17 });
    await expect(async () => {
      for (;;) await runProjectionBatch(database.db, store, crashing, 10);
    }).rejects.toThrow(/simulated crash/);
    const afterCrash = await projectedRows(database.db, 'crashy');
    const applied = afterCrash.map((r) => r.n);
    expect(applied).toEqual(Array.from({ length: applied.length }, (_, i) => i + 1));
    expect(applied.length).toBeLessThan(17);
    const checkpoint = await readCheckpoint(database.db, 'crashy');
    expect(checkpoint?.position ?? 0).toBe(afterCrash.at(-1)?.position ?? 0);

    // Restarted without the fault (and with more events meanwhile), it carries on from the checkpoint.
    const head = await appendMany(31, 35);
    const healthy = await createCountingProjection(database.db, 'crashy');
    const projector = new Projector({ db: database.db, store, projections: [healthy], logger, batchSize: 10, pollMs: 50 });
    await projector.start();
    await projector.waitFor('crashy', head);
    await projector.stop();
    const live = await projectedRows(database.db, 'crashy');
    expect(live.map((r) => r.n)).toEqual(Array.from({ length: 35 }, (_, i) => i + 1));

    await rebuildProjection(database.db, store, healthy);
    expect(await projectedRows(database.db, 'crashy')).toEqual(live);
  });
});
