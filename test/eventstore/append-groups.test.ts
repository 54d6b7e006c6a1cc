import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppendGroups, type AppendedRow, type GroupMember, type GroupStatements } from '../../server/src/eventstore/append-groups';
import { loadConfig } from '../../server/src/config/config';
import { DEFAULT_APPENDS_IN_FLIGHT, EventStore } from '../../server/src/eventstore/event-store';
import { ConcurrencyError, type AppendResult, type StreamAppend } from '../../server/src/eventstore/types';
import { createTestDatabase, type TestDatabase } from '../support/database';

const event = (n: number) => ({ type: 'Happened', data: { n } });
const single = (streamId: string, expectedVersion = 0, n = 1): StreamAppend => ({ streamId, streamType: 'Test', expectedVersion, events: [event(n)] });

describe('append groups (the scheduling, with fake statements)', () => {
  /** Statements that answer only when told, recording what was sent. */
  function heldStatements() {
    const sent: { kind: 'alone' | 'together'; members: number }[] = [];
    const pending: (() => void)[] = [];
    const held = <T>(value: () => T): Promise<T> =>
      new Promise((resolve, reject) =>
        pending.push(() => {
          try {
            resolve(value());
          } catch (error) {
            reject(error);
          }
        }),
      );
    const statements: GroupStatements = {
      alone: (member) => {
        sent.push({ kind: 'alone', members: 1 });
        return held((): AppendedRow[] => [{ stream_index: 1, stream_version: 1, global_position: 1, transaction_id: '1', recorded_at: new Date(0) }]).then((rows) =>
          member.appends[0]!.streamId === 'fails-alone' ? Promise.reject(new ConcurrencyError('fails-alone', 0)) : rows,
        );
      },
      together: (_text, values) => {
        const tenants = values[0] as string[];
        sent.push({ kind: 'together', members: tenants.length });
        return held(() => {
          if ((values[3] as string[]).includes('fails-alone')) throw new Error('the group failed');
          return [];
        });
      },
    };
    const answerAll = () => pending.splice(0).forEach((answer) => answer());
    return { sent, statements, answerAll };
  }
  /** Lets every promise reaction already due run (no I/O is involved: the statements are fakes). */
  const settled = () => new Promise((resolve) => setImmediate(resolve));
  const member = (streamId: string): GroupMember => ({ tenantId: 'demo', appends: [single(streamId)], metadata: {}, stored: [{ n: 1 }] });

  it('sends the appends asked for in one drain of promise jobs together at its end, and those asked for while the bound is out together when a statement returns', async () => {
    const { sent, statements, answerAll } = heldStatements();
    const groups = new AppendGroups(statements, 2);
    const lone = groups.append(member('a'));
    expect(sent).toEqual([]);
    await settled();
    expect(sent).toEqual([{ kind: 'alone', members: 1 }]);
    // Asked for in one drain of promise jobs (a few awaits apart, as resumed writers ask) with a slot
    // free: all three in one statement, not the first alone and the rest together.
    const turn = ['b', 'c', 'd'].map(async (s, i) => {
      for (let hop = 0; hop < 3 * i; hop++) await null;
      return groups.append(member(s));
    });
    await settled();
    expect(sent.slice(1)).toEqual([{ kind: 'together', members: 3 }]);
    // Both slots out: these wait for a statement to return.
    const late = ['e', 'f'].map((s) => groups.append(member(s)));
    await settled();
    expect(sent).toHaveLength(2);
    answerAll();
    await lone;
    await settled();
    expect(sent.slice(2)).toEqual([{ kind: 'together', members: 2 }]);
    answerAll();
    await Promise.all([...turn, ...late]);
  });

  it('sends every member of a failed group again on its own, each getting its own answer', async () => {
    const { sent, statements, answerAll } = heldStatements();
    const groups = new AppendGroups(statements, 1);
    const first = groups.append(member('first'));
    await settled();
    const waiting = [groups.append(member('ok')), groups.append(member('fails-alone'))];
    answerAll();
    await first;
    await settled();
    expect(sent.at(-1)).toEqual({ kind: 'together', members: 2 });
    answerAll();
    await settled();
    expect(sent.slice(-2)).toEqual([
      { kind: 'alone', members: 1 },
      { kind: 'alone', members: 1 },
    ]);
    answerAll();
    const [ok, failed] = await Promise.allSettled(waiting);
    expect(ok.status).toBe('fulfilled');
    expect(failed.status === 'rejected' && failed.reason).toBeInstanceOf(ConcurrencyError);
  });

  it('refuses a bound that is not a positive integer', () => {
    expect(() => new AppendGroups(heldStatements().statements, 0)).toThrow(/positive integer/);
  });

  it('takes the bound from APPENDS_IN_FLIGHT, at least 1', () => {
    expect(loadConfig({}).appendsInFlight).toBe(DEFAULT_APPENDS_IN_FLIGHT);
    expect(loadConfig({ APPENDS_IN_FLIGHT: '8' }).appendsInFlight).toBe(8);
    expect(loadConfig({ APPENDS_IN_FLIGHT: '0' }).appendsInFlight).toBe(1);
  });
});

describe('grouped appends against PostgreSQL', () => {
  let database: TestDatabase;
  /** One statement in flight: the appends asked for while it is out go as one group. */
  let store: EventStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = new EventStore(database.db, { appendsInFlight: 1 });
  });
  afterAll(() => database.drop());

  /** Appends asked for in one tick: they go together in one transaction (a stream at most once). */
  const inOneTick = (calls: (() => Promise<AppendResult>)[]) => Promise.allSettled(calls.map((call) => call()));

  it('commits the waiting callers together, each with its own streams, versions, metadata and shop', async () => {
    await store.append(single('g-old', 0), { tenantId: 'demo' });
    const outcomes = await inOneTick([
      () => store.append(single('g-first'), { tenantId: 'demo' }),
      () =>
        store.appendToStreams(
          [
            { streamId: 'g-two-a', streamType: 'Test', expectedVersion: 0, events: [event(1), { ...event(2), metadata: { causationId: 'own' } }] },
            { streamId: 'g-two-b', streamType: 'Other', expectedVersion: 0, events: [event(3)] },
          ],
          { tenantId: 'demo', metadata: { correlationId: 'c-two', actor: 'two' } },
        ),
      () => store.append(single('g-old', 1, 2), { tenantId: 'demo', metadata: { actor: 'three' } }),
      () => store.append(single('g-two-a'), { tenantId: 'other-shop' }),
    ]);
    const results = outcomes.map((o) => (o.status === 'fulfilled' ? o.value : expect.fail(String(o.reason))));
    const [, two, three, four] = results;
    // One transaction for the four.
    expect(new Set(results.flatMap((r) => r.events.map((e) => e.transactionId))).size).toBe(1);

    expect(two!.versions).toEqual({ 'g-two-a': 2, 'g-two-b': 1 });
    expect(three!.versions).toEqual({ 'g-old': 2 });
    const stored = await store.readStream('g-two-a', { tenantId: 'demo' });
    expect(stored.map((e) => [e.streamVersion, e.data, e.metadata])).toEqual([
      [1, { n: 1 }, { correlationId: 'c-two', actor: 'two' }],
      [2, { n: 2 }, { correlationId: 'c-two', actor: 'two', causationId: 'own' }],
    ]);
    expect(two!.events.map((e) => [e.streamId, e.streamType, e.streamVersion, e.position])).toEqual(
      [...stored, ...(await store.readStream('g-two-b', { tenantId: 'demo' }))].map((e) => [e.streamId, e.streamType, e.streamVersion, e.position]),
    );
    expect((await store.readStream('g-old', { tenantId: 'demo' })).map((e) => [e.streamVersion, e.metadata])).toEqual([
      [1, {}],
      [2, { actor: 'three' }],
    ]);
    // The same stream id in another shop is another stream.
    expect((await store.readStream('g-two-a', { tenantId: 'other-shop' })).map((e) => [e.tenantId, e.streamVersion])).toEqual([['other-shop', 1]]);
    expect(four!.events[0]!.tenantId).toBe('other-shop');
  });

  it('answers a member whose stream moved (behind or ahead) with a ConcurrencyError and commits the others', async () => {
    await store.append(single('m-behind'), { tenantId: 'demo' });
    await store.append(single('m-ahead'), { tenantId: 'demo' });
    const [, behind, fine, ahead, alsoFine] = await inOneTick([
      () => store.append(single('m-first'), { tenantId: 'demo' }),
      () => store.appendToStreams([single('m-behind-partner'), single('m-behind', 0)], { tenantId: 'demo' }),
      () => store.append(single('m-fine'), { tenantId: 'demo' }),
      () => store.append(single('m-ahead', 5), { tenantId: 'demo' }),
      () => store.append(single('m-also-fine'), { tenantId: 'demo' }),
    ]);
    expect(behind.status === 'rejected' && behind.reason).toEqual(new ConcurrencyError('m-behind', 0));
    expect(ahead.status === 'rejected' && ahead.reason).toEqual(new ConcurrencyError('m-ahead', 5));
    expect(fine.status).toBe('fulfilled');
    expect(alsoFine.status).toBe('fulfilled');
    // All or none per member: its other stream was not written either.
    expect(await store.readStream('m-behind-partner', { tenantId: 'demo' })).toEqual([]);
    expect(await store.readStream('m-behind', { tenantId: 'demo' })).toHaveLength(1);
    expect(await store.readStream('m-ahead', { tenantId: 'demo' })).toHaveLength(1);
  });

  it('lets exactly one of two waiting appends to the same version win (they never share a group)', async () => {
    const [, one, two, bystander] = await inOneTick([
      () => store.append(single('r-first'), { tenantId: 'demo' }),
      () => store.append(single('r-race', 0, 1), { tenantId: 'demo' }),
      () => store.append(single('r-race', 0, 2), { tenantId: 'demo' }),
      () => store.append(single('r-bystander'), { tenantId: 'demo' }),
    ]);
    expect([one, two].filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const lost = [one, two].find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(ConcurrencyError);
    expect(bystander.status).toBe('fulfilled');
    expect(await store.readStream('r-race', { tenantId: 'demo' })).toHaveLength(1);
    expect(await store.readStream('r-bystander', { tenantId: 'demo' })).toHaveLength(1);
  });

  it('keeps every append under a storm of writers, in fewer transactions than appends, each stream gapless', async () => {
    const writers = 16;
    const perWriter = 20;
    const results = await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        const mine: AppendResult[] = [];
        for (let i = 0; i < perWriter; i++) mine.push(await store.append(single(`storm-${w}`, i, i), { tenantId: 'demo' }));
        return mine;
      }),
    );
    const { rows } = await database.db.raw<{ rows: { streams: number; events: number; transactions: number }[] }>(
      `SELECT count(DISTINCT stream_id)::int AS streams, count(*)::int AS events, count(DISTINCT transaction_id)::int AS transactions
         FROM events WHERE stream_id LIKE 'storm-%'`,
    );
    expect(rows[0]).toMatchObject({ streams: writers, events: writers * perWriter });
    expect(rows[0]!.transactions).toBeLessThan(writers * perWriter);
    for (let w = 0; w < writers; w++) {
      const stream = await store.readStream(`storm-${w}`, { tenantId: 'demo' });
      expect(stream.map((e) => [e.streamVersion, e.data])).toEqual(Array.from({ length: perWriter }, (_, i) => [i + 1, { n: i }]));
      expect(results[w]!.map((r) => r.events[0]!.position)).toEqual(stream.map((e) => e.position));
    }
  });

  it('tells the appended listeners of each member, after its commit', async () => {
    const told: string[] = [];
    store.onAppended((_notification, appended) => told.push(...appended.map((e) => e.streamId)));
    await inOneTick(['l-1', 'l-2', 'l-3'].map((s) => () => store.append(single(s), { tenantId: 'demo' })));
    expect(told.sort()).toEqual(['l-1', 'l-2', 'l-3']);
  });
});
