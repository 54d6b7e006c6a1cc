import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EventStore } from '../../server/src/eventstore/event-store';
import { LOG_START, type RecordedEvent } from '../../server/src/eventstore/types';
import type { ProcessManager } from '../../server/src/process/process-manager';
import { ProcessManagerRunner } from '../../server/src/process/process-manager-runner';
import { createLogger } from '../../server/src/config/logger';
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
      await store.append({ streamId: `${prefix}-${key}-${n}`, streamType: 'Test', expectedVersion: 0, events: [{ type: 'Stepped', data: { key: `${prefix}-${key}`, n } }] }, { tenantId: 'demo' });
    }
    last = await store.append({ streamId: `${prefix}-noise-${n}`, streamType: 'Test', expectedVersion: 0, events: [{ type: 'Ignored', data: {} }] }, { tenantId: 'demo' });
  }
  // Transactions elsewhere in the cluster (other test files) may hold the read horizon back for a
  // moment: wait until everything appended is readable, so one batch sees all of it.
  const lastPosition = last!.checkpoint.position;
  await expect.poll(async () => (await store.readAll({ after: LOG_START, limit: 10_000 })).some((e) => e.position === lastPosition), { timeout: EVENTUALLY_MS }).toBe(true);
  return lastPosition;
}

const runners: ProcessManagerRunner[] = [];
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()));
});

function runnerFor(manager: ProcessManager, options: { retryMs?: number; concurrency?: number; wake?: () => void; checkpointDelayMs?: number } = {}) {
  const runner = new ProcessManagerRunner({
    db: database.db,
    store,
    manager,
    logger: createLogger('silent'),
    retryMs: options.retryMs ?? 20,
    concurrency: options.concurrency,
    wake: options.wake,
    checkpointDelayMs: options.checkpointDelayMs,
  });
  runners.push(runner);
  return runner;
}

async function checkpointReaches(name: string, position: number) {
  await expect.poll(async () => (await readCheckpoint(database.db, name))?.position ?? 0, { timeout: EVENTUALLY_MS }).toBeGreaterThanOrEqual(position);
}

describe('a partitioned process manager', () => {
  it('handles partitions concurrently, each in log order, and moves the checkpoint past everything handled', async () => {
    const last = await appendSteps('p', ['a', 'b', 'c'], 3);
    const { manager, log, maxRunning } = recordingManager('process:partitioned');
    const runner = runnerFor(manager);
    const result = await runner.runBatch(100);
    expect(result.applied).toBe(9);
    await checkpointReaches('process:partitioned', last);

    expect(maxRunning()).toBeGreaterThan(1);
    for (const key of ['p-a', 'p-b', 'p-c']) {
      const own = log.filter((entry) => entry.key === key);
      // One at a time and in order within the partition: start 1, end 1, start 2, end 2, ...
      expect(own.map((e) => `${e.phase}${e.n}`)).toEqual(['start1', 'end1', 'start2', 'end2', 'start3', 'end3']);
    }
    expect((await runner.runBatch(100)).read).toBe(0);
  });

  it('lets one process at a time run a manager: a second runner reads nothing while the first holds the lease', async () => {
    const handedOver = await appendSteps('l', ['a'], 1);
    const { manager } = recordingManager('process:leased');
    const first = runnerFor(manager);
    expect((await first.runBatch(100)).applied).toBeGreaterThan(0);
    await checkpointReaches('process:leased', handedOver);
    const { manager: other, log: otherLog } = recordingManager('process:leased');
    const second = runnerFor(other);
    expect((await second.runBatch(100)).read).toBe(0);
    await first.stop();
    // Once the first gives the lease up, the second takes over from the stored checkpoint: nothing is handed over twice.
    const last = await appendSteps('l2', ['b'], 1);
    expect((await second.runBatch(100)).applied).toBe(1);
    await checkpointReaches('process:leased', last);
    expect(otherLog.filter((e) => e.phase === 'end').map((e) => e.key)).toEqual(['l2-b']);
  });

  it('asks for another read when work finishes only if it put a read off for having enough in hand', async () => {
    const last = await appendSteps('w', ['a', 'b'], 3);
    // Everything read at once: finishing the work asks for nothing more (a read per finished
    // checkout would cost a statement each, to find nothing new most of the time).
    const calm = recordingManager('process:calm');
    let calmWakes = 0;
    await runnerFor(calm.manager, { wake: () => calmWakes++ }).runBatch(10_000);
    await checkpointReaches('process:calm', last);
    expect(calm.log.filter((e) => e.phase === 'end').length).toBeGreaterThanOrEqual(6);
    expect(calmWakes).toBe(0);

    // One event a read and at most four in hand: the fifth read is put off, and finishing asks for it.
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const gated: ProcessManager = { name: 'process:gated', eventTypes: ['Stepped'], partitionOf: (event) => (event.data as { key: string }).key, handle: () => gate };
    let gatedWakes = 0;
    const capped = runnerFor(gated, { wake: () => gatedWakes++ });
    const reads: number[] = [];
    for (let i = 0; i < 5; i++) reads.push((await capped.runBatch(1)).read);
    expect(reads.slice(0, 4).every((n) => n === 1)).toBe(true);
    expect(reads[4]).toBe(0);
    expect(gatedWakes).toBe(0);
    release();
    await expect.poll(() => gatedWakes, { timeout: EVENTUALLY_MS }).toBeGreaterThan(0);
  });

  it('holds the checkpoint before a failing event but not the other partitions, and retries it until it succeeds', async () => {
    let failures = 2;
    const handled: string[] = [];
    const manager: ProcessManager = {
      name: 'process:failing',
      eventTypes: ['Stepped'],
      partitionOf: (event) => (event.data as { key: string }).key,
      async handle(event) {
        const { key, n } = event.data as { key: string; n: number };
        if (key === 'f-x' && n === 1 && failures-- > 0) throw new Error('handler failed on f-x:1');
        handled.push(`${key}:${n}`);
      },
    };
    const before = (await readCheckpoint(database.db, 'process:failing'))?.position ?? 0;
    const last = await appendSteps('f', ['x', 'y'], 2);
    const runner = runnerFor(manager, { retryMs: 200 });
    await runner.runBatch(100);
    // The other partition goes on while f-x:1 fails...
    await expect.poll(() => handled.filter((h) => h.startsWith('f-y')), { timeout: EVENTUALLY_MS }).toEqual(['f-y:1', 'f-y:2']);
    // ...and the checkpoint stays before f-x:1 while it does.
    if (failures > 0) expect((await readCheckpoint(database.db, 'process:failing'))?.position ?? 0).toBeLessThan(last);
    await checkpointReaches('process:failing', last);
    expect(failures).toBeLessThanOrEqual(0);
    expect(handled.filter((h) => h.startsWith('f-x'))).toEqual(['f-x:1', 'f-x:2']);
    expect(before).toBeLessThan(last);
  });

  describe('checkpoint writes', () => {
    /** Counts the checkpoint writes of one follower from the statements the pool sends. */
    function countCheckpointWrites(name: string) {
      let writes = 0;
      const listener = (query: { sql: string; bindings?: unknown[] }) => {
        if (query.sql.includes('INSERT INTO projection_checkpoints') && query.bindings?.[0] === name) writes++;
      };
      database.db.on('query', listener);
      return { writes: () => writes, stop: () => database.db.off('query', listener) };
    }

    /**
     * A manager of its own event type, so that it is handed only this test's events, in one
     * partition; it handles an event only once the test has allowed it (`allow`).
     */
    function gatedManager(name: string, type: string) {
      const handled: number[] = [];
      let allowed = 0;
      let wake: (() => void) | undefined;
      const manager: ProcessManager = {
        name,
        eventTypes: [type],
        partitionOf: () => 'one',
        async handle(event) {
          while (handled.length >= allowed) await new Promise<void>((resolve) => (wake = resolve));
          handled.push((event.data as { n: number }).n);
        },
      };
      const allow = (count: number) => {
        allowed += count;
        wake?.();
      };
      return { manager, handled, allow };
    }

    /** Appends `count` events of `type`, each to a stream of its own; answers their positions once all are readable. */
    async function appendOfType(type: string, count: number): Promise<number[]> {
      const positions: number[] = [];
      for (let n = 1; n <= count; n++) {
        positions.push((await store.append({ streamId: `${type}-${n}`, streamType: 'Test', expectedVersion: 0, events: [{ type, data: { n } }] }, { tenantId: 'demo' })).checkpoint.position);
      }
      const last = positions.at(-1)!;
      await expect.poll(async () => (await store.readAll({ after: LOG_START, limit: 10_000 })).some((e) => e.position === last), { timeout: EVENTUALLY_MS }).toBe(true);
      return positions;
    }

    it('passes the events handled while a write waits with that one write, and writes each at once without the wait', async () => {
      const immediate = gatedManager('process:each-written', 'EachWrittenStep');
      const gathered = gatedManager('process:gathered', 'GatheredStep');
      const immediatePositions = await appendOfType('EachWrittenStep', 6);
      const gatheredPositions = await appendOfType('GatheredStep', 6);
      const eachWrites = countCheckpointWrites('process:each-written');
      const gatheredWrites = countCheckpointWrites('process:gathered');
      await runnerFor(immediate.manager, { checkpointDelayMs: 0 }).runBatch(100);
      // Without the wait: each event, once handled, is written before the next one is allowed.
      for (const position of immediatePositions) {
        immediate.allow(1);
        await checkpointReaches('process:each-written', position);
      }
      // With it: all six are handled in one go, while the first write waits.
      gathered.allow(6);
      await runnerFor(gathered.manager, { checkpointDelayMs: 1_000 }).runBatch(100);
      await checkpointReaches('process:gathered', gatheredPositions.at(-1)!);
      eachWrites.stop();
      gatheredWrites.stop();
      expect(gathered.handled).toEqual([1, 2, 3, 4, 5, 6]);
      expect(eachWrites.writes()).toBeGreaterThan(2);
      expect(gatheredWrites.writes()).toBe(1);
    });

    it('writes what was handled at once when it stops, without waiting out the delay', async () => {
      const { manager, handled, allow } = gatedManager('process:stopping', 'StoppingStep');
      const last = (await appendOfType('StoppingStep', 3)).at(-1)!;
      allow(3);
      const runner = runnerFor(manager, { checkpointDelayMs: 600_000 });
      await runner.runBatch(100);
      await expect.poll(() => handled.length, { timeout: EVENTUALLY_MS }).toBe(3);
      expect((await readCheckpoint(database.db, 'process:stopping'))?.position ?? 0).toBeLessThan(last);
      await runner.stop();
      expect((await readCheckpoint(database.db, 'process:stopping'))?.position).toBe(last);
    });
  });

  it("tells a handler an event's delivery is its first only for events committed after the runner took the lease, and not on a retry", async () => {
    const deliveries: string[] = [];
    let failOnce = true;
    const manager: ProcessManager = {
      name: 'process:deliveries',
      eventTypes: ['Delivered'],
      partitionOf: (event: RecordedEvent) => (event.data as { key: string }).key,
      async handle(event, delivery) {
        const { key } = event.data as { key: string };
        deliveries.push(`${key}:${delivery?.first}`);
        if (key === 'retried' && failOnce) {
          failOnce = false;
          throw new Error('fails once');
        }
      },
    };
    const appendOne = (key: string) => store.append({ streamId: `delivered-${key}`, streamType: 'Test', expectedVersion: 0, events: [{ type: 'Delivered', data: { key } }] }, { tenantId: 'demo' });
    // Committed before the runner takes the lease: an earlier holder may have handled it.
    await appendOne('before');
    const runner = runnerFor(manager);
    await runner.runBatch(100);
    await expect.poll(() => deliveries.includes('before:false'), { timeout: EVENTUALLY_MS }).toBe(true);
    const after = await appendOne('after');
    const retried = await appendOne('retried');
    await expect.poll(async () => (await runner.runBatch(100), deliveries.includes('after:true') && deliveries.includes('retried:false')), { timeout: EVENTUALLY_MS }).toBe(true);
    await checkpointReaches('process:deliveries', Math.max(after.checkpoint.position, retried.checkpoint.position));
    // The two later events are in partitions of their own: handled in either order.
    expect([...deliveries].sort()).toEqual(['after:true', 'before:false', 'retried:false', 'retried:true']);
    expect(deliveries.indexOf('retried:true')).toBeLessThan(deliveries.indexOf('retried:false'));
  });
});
