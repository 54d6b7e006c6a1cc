import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore } from '../../server/src/eventstore/event-store';
import { LOG_START, type RecordedEvent } from '../../server/src/eventstore/types';
import type { ProcessManager } from '../../server/src/process/process-manager';
import { runProcessManagerBatch } from '../../server/src/process/process-manager-runner';
import { readCheckpoint } from '../../server/src/projector/checkpoints';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { EVENTUALLY_MS } from '../support/eventually';

let database: TestDatabase;
let store: EventStore;

beforeAll(async () => {
  database = await createTestDatabase();
  store = new EventStore(database.db);
});
afterAll(() => database.drop());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Records when each event's handling starts and ends; slow enough for overlaps to show. */
function recordingManager(name: string, options: { failOn?: string } = {}) {
  const log: { key: string; n: number; phase: 'start' | 'end' }[] = [];
  let running = 0;
  let maxRunning = 0;
  const manager: ProcessManager = {
    name,
    eventTypes: ['Stepped'],
    partitionOf: (event: RecordedEvent) => (event.data as { key: string }).key,
    async handle(event) {
      const { key, n } = event.data as { key: string; n: number };
      if (`${key}:${n}` === options.failOn) throw new Error(`handler failed on ${key}:${n}`);
      running++;
      maxRunning = Math.max(maxRunning, running);
      log.push({ key, n, phase: 'start' });
      await sleep(30);
      log.push({ key, n, phase: 'end' });
      running--;
    },
  };
  return { manager, log, maxRunning: () => maxRunning };
}

async function appendSteps(prefix: string, keys: string[], steps: number) {
  let last;
  for (let n = 1; n <= steps; n++) {
    for (const key of keys) {
      await store.append({ streamId: `${prefix}-${key}-${n}`, streamType: 'Test', expectedVersion: 0, events: [{ type: 'Stepped', data: { key: `${prefix}-${key}`, n } }] });
    }
    last = await store.append({ streamId: `${prefix}-noise-${n}`, streamType: 'Test', expectedVersion: 0, events: [{ type: 'Ignored', data: {} }] });
  }
  // Transactions elsewhere in the cluster (other test files) may hold the read horizon back for a
  // moment: wait until everything appended is readable, so one batch sees all of it.
  const lastPosition = last!.checkpoint.position;
  await expect.poll(async () => (await store.readAll({ after: LOG_START, limit: 10_000 })).some((e) => e.position === lastPosition), { timeout: EVENTUALLY_MS }).toBe(true);
}

describe('a partitioned process manager', () => {
  it('handles partitions concurrently, each in log order, and moves the checkpoint past the whole batch', async () => {
    await appendSteps('p', ['a', 'b', 'c'], 3);
    const { manager, log, maxRunning } = recordingManager('process:partitioned');
    const result = await runProcessManagerBatch(database.db, store, manager, 100);

    expect(result.applied).toBe(9);
    expect(maxRunning()).toBeGreaterThan(1);
    for (const key of ['p-a', 'p-b', 'p-c']) {
      const own = log.filter((entry) => entry.key === key);
      // One at a time and in order within the partition: start 1, end 1, start 2, end 2, ...
      expect(own.map((e) => `${e.phase}${e.n}`)).toEqual(['start1', 'end1', 'start2', 'end2', 'start3', 'end3']);
    }
    const checkpoint = await readCheckpoint(database.db, 'process:partitioned');
    expect(checkpoint?.position).toBe(result.checkpoint.position);
    const again = await runProcessManagerBatch(database.db, store, manager, 100);
    expect(again.read).toBe(0);
  });

  it('leaves the checkpoint where it was when a partition fails, so the batch is handed over again', async () => {
    const before = (await readCheckpoint(database.db, 'process:failing')) ?? undefined;
    await appendSteps('f', ['x', 'y'], 2);
    const { manager } = recordingManager('process:failing', { failOn: 'f-y:2' });
    await expect(runProcessManagerBatch(database.db, store, manager, 100)).rejects.toThrow('handler failed on f-y:2');
    expect((await readCheckpoint(database.db, 'process:failing')) ?? undefined).toEqual(before);

    const { manager: healed, log } = recordingManager('process:failing');
    const result = await runProcessManagerBatch(database.db, store, healed, 100);
    expect(result.applied).toBeGreaterThanOrEqual(4);
    expect(log.filter((e) => e.phase === 'end' && e.key.startsWith('f-')).length).toBeGreaterThanOrEqual(4);
  });
});
