import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/src/config/logger';
import { EventStore } from '../../server/src/eventstore/event-store';
import type { LogCheckpoint } from '../../server/src/eventstore/types';
import { NodePresence } from '../../server/src/process/node-presence';
import type { Projection } from '../../server/src/projector/projection';
import { Projector } from '../../server/src/projector/projector';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { EVENTUALLY_MS } from '../support/eventually';
import { createCountingProjection, projectedRows } from '../support/test-projection';

/**
 * Projections shared out among nodes by lease: each runs on one node at a time, the nodes take
 * fair shares, a node waits on the ones it does not run by reading where they stand, and a
 * stopped node's projections are taken over without an event applied twice or skipped.
 */
const NAMES = ['leased_a', 'leased_b', 'leased_c', 'leased_d'];
/** Node presence is recounted now and then (RECOUNT_MS): a share-out follows a node coming or going after that. */
const SHARE_OUT_MS = 10_000;

let database: TestDatabase;
let store: EventStore;
let bases: Projection[];
const logger = createLogger('silent');

interface Node {
  presence: NodePresence;
  projector: Projector;
  /** Per projection, the positions this node applied. */
  applied: Map<string, number[]>;
  stopped: boolean;
}
const nodes: Node[] = [];

async function startNode(): Promise<Node> {
  const presence = new NodePresence(database.db, logger);
  const applied = new Map(NAMES.map((name) => [name, [] as number[]]));
  const projections = bases.map((base) => ({
    ...base,
    async apply(...args: Parameters<Projection['apply']>) {
      await base.apply(...args);
      applied.get(base.name)!.push(args[0].position);
    },
  }));
  const projector = new Projector({ db: database.db, store, projections, presence, projectionPlacement: 'leased', logger, pollMs: 50 });
  await presence.start();
  await projector.start();
  const node = { presence, projector, applied, stopped: false };
  nodes.push(node);
  return node;
}

async function stopNode(node: Node) {
  if (node.stopped) return;
  node.stopped = true;
  await node.projector.stop();
  await node.presence.stop();
}

let stream = 0;
async function appendHappened(count: number): Promise<LogCheckpoint> {
  let last: LogCheckpoint | undefined;
  for (let i = 0; i < count; i++) {
    const { checkpoint } = await store.append({ streamId: `lease-${++stream}`, streamType: 'Test', expectedVersion: 0, events: [{ type: 'Happened', data: { n: stream } }] }, { tenantId: 'demo' });
    last = checkpoint;
  }
  return last!;
}

const held = (node: Node) => node.projector.heldProjections().held;

beforeAll(async () => {
  database = await createTestDatabase();
  store = new EventStore(database.db);
  bases = await Promise.all(NAMES.map((name) => createCountingProjection(database.db, name)));
});
afterAll(async () => {
  for (const node of nodes) await stopNode(node);
  await database.drop();
});

describe('projections leased among nodes', () => {
  it('runs each projection on one node, shares them out, and hands a stopped node\'s over without applying anything twice or skipping it', async () => {
    const a = await startNode();
    expect(held(a)).toBe(NAMES.length);
    const first = await appendHappened(5);
    await Promise.all(NAMES.map((name) => a.projector.waitFor(name, first, EVENTUALLY_MS)));

    const b = await startNode();
    await expect.poll(() => [held(a), held(b)], { timeout: SHARE_OUT_MS, interval: 50 }).toEqual([2, 2]);
    const runsOn = new Map(NAMES.map((name) => [name, a.projector.heldProjections().names.includes(name) ? a : b]));

    // Waits on either node, whichever runs the projection: the other reads where it stands.
    const second = await appendHappened(10);
    await Promise.all(NAMES.flatMap((name) => [a.projector.waitFor(name, second, EVENTUALLY_MS), b.projector.waitFor(name, second, EVENTUALLY_MS)]));
    const secondPositions = (await projectedRows(database.db, NAMES[0]!)).slice(5).map((row) => Number(row.position));
    for (const name of NAMES) {
      const holder = runsOn.get(name)!;
      const other = holder === a ? b : a;
      expect(holder.applied.get(name)).toEqual(expect.arrayContaining(secondPositions));
      expect(other.applied.get(name)!.filter((p) => secondPositions.includes(p))).toEqual([]);
    }

    await stopNode(a);
    await expect.poll(() => held(b), { timeout: SHARE_OUT_MS, interval: 50 }).toBe(NAMES.length);
    const third = await appendHappened(5);
    await Promise.all(NAMES.map((name) => b.projector.waitFor(name, third, EVENTUALLY_MS)));

    for (const name of NAMES) {
      const rows = await projectedRows(database.db, name);
      expect(rows.map((row) => row.n)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      // Every event applied by exactly one node, once.
      const all = [...a.applied.get(name)!, ...b.applied.get(name)!].sort((x, y) => x - y);
      expect(all).toEqual(rows.map((row) => Number(row.position)));
    }
  });
});
