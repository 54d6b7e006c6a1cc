/**
 * The write path against its floor: the same event-shaped rows as a bare autocommit INSERT by `pg`
 * into a plain table with a unique (stream, version), through `EventStore.append` on a database no
 * node follows (like the bare table, nobody reads the rows back), and through the app's own store
 * while its projections follow; on the same server, in alternating rounds, at 1, 8 and 16 writers.
 * And the read path (`readAll`).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { Knex } from 'knex';
import type { App } from '../../app/app';
import { createKnex, ensureDatabase } from '../../db/knex';
import { migrateToLatest } from '../../db/migrate';
import { EventStore } from '../../eventstore/event-store';
import { LOG_START, type LogCheckpoint } from '../../eventstore/types';
import { INFO, record, round2, runWorkers, scaled, throughputFigure, type Phase } from './harness';

const WRITER_COUNTS = [1, 8, 16] as const;
/** Writers each move to a fresh stream after this many events, as an order's life would. */
const EVENTS_PER_STREAM = 10;
const EVENT_TYPE = 'BenchItemAdded';
const STREAM_TYPE = 'BenchOrder';
const TENANT = 'bench';
/** Rounds of bare insert and append, alternated, per writer count. */
const ROUNDS = 3;

/** An event's data of about 300 bytes of JSON, shaped like an order line. */
function eventData(worker: number, i: number): Record<string, unknown> {
  const data: Record<string, unknown> = {
    orderId: randomUUID(),
    variantId: randomUUID(),
    sku: `BENCH-SKU-${String(i % 1000).padStart(4, '0')}`,
    productName: 'Bench product',
    variantName: `Size ${['S', 'M', 'L', 'XL'][i % 4]}`,
    quantity: 1 + (i % 5),
    unitPrice: { amount: 2900 + worker, currency: 'EUR' },
    note: '',
  };
  data.note = 'x'.repeat(Math.max(0, 300 - JSON.stringify(data).length));
  return data;
}

const metadata = () => ({ correlationId: randomUUID(), causationId: randomUUID(), actor: 'user:bench' });

/** A database of its own, migrated, that no node follows: the append with nobody reading it back. */
async function unfollowedStore(databaseUrl: string, writers: number): Promise<{ store: EventStore; db: Knex }> {
  const url = new URL(databaseUrl);
  url.pathname = `${url.pathname}_unfollowed`;
  await ensureDatabase(url.toString());
  const db = createKnex(url.toString(), writers);
  await migrateToLatest(db);
  return { store: new EventStore(db), db };
}

interface Kind {
  figure: string;
  run(streamId: string, version: number, worker: number, i: number): Promise<void>;
  seconds: number;
  latencies: number[];
}

export async function benchAppendAgainstBareInsert(app: App, databaseUrl: string, phase: Phase): Promise<void> {
  /** Rows per round of each kind. */
  const rows = scaled(2000);
  const run = randomUUID().slice(0, 8);
  const table = `bench_bare_insert_${run}`;
  const maxWriters = Math.max(...WRITER_COUNTS);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: maxWriters, application_name: 'ordercast-bench-bare' });
  const unfollowed = await unfollowedStore(databaseUrl, maxWriters);
  try {
    // The same columns as the events table; the only index besides the key is the unique (stream, version).
    await pool.query(`
      CREATE TABLE ${table} (
        global_position bigserial   PRIMARY KEY,
        tenant_id       text        NOT NULL,
        stream_id       text        NOT NULL,
        stream_type     text        NOT NULL,
        stream_version  integer     NOT NULL,
        event_type      text        NOT NULL,
        data            jsonb       NOT NULL,
        metadata        jsonb       NOT NULL,
        recorded_at     timestamptz NOT NULL DEFAULT now(),
        UNIQUE (stream_id, stream_version)
      )`);
    const insert = `INSERT INTO ${table} (tenant_id, stream_id, stream_type, stream_version, event_type, data, metadata) VALUES ($1, $2, $3, $4, $5, $6, $7)`;
    const appendOn = (store: EventStore) => async (streamId: string, version: number, worker: number, i: number) => {
      await store.append(
        { streamId, streamType: STREAM_TYPE, expectedVersion: version - 1, events: [{ type: EVENT_TYPE, data: eventData(worker, i) }] },
        { tenantId: TENANT, metadata: metadata() },
      );
    };

    for (const writers of WRITER_COUNTS) {
      const perWriter = Math.ceil(rows / writers);
      // Open the connections first: connecting is not what is measured.
      await Promise.all(Array.from({ length: writers }, () => pool.query('SELECT 1')));
      await Promise.all(Array.from({ length: writers }, () => app.db.raw('SELECT 1')));
      await Promise.all(Array.from({ length: writers }, () => unfollowed.db.raw('SELECT 1')));

      const kinds: Kind[] = [
        {
          figure: `bare INSERT by pg of the same rows (autocommit, plain table, unique (stream, version)), ${writers} writer(s)`,
          run: async (streamId, version, worker, i) => {
            await pool.query(insert, [TENANT, streamId, STREAM_TYPE, version, EVENT_TYPE, JSON.stringify(eventData(worker, i)), JSON.stringify(metadata())]);
          },
          seconds: 0,
          latencies: [],
        },
        {
          figure: `EventStore.append, 1 event per call, ${writers} writer(s) on streams of their own (a fresh one every ${EVENTS_PER_STREAM} events), a database no node follows`,
          run: appendOn(unfollowed.store),
          seconds: 0,
          latencies: [],
        },
        {
          figure: `app.store.append, the same, on the app's database: this node's projections follow the log on the same 2 cores`,
          run: appendOn(app.store),
          seconds: 0,
          latencies: [],
        },
      ];
      // Alternating rounds, summed per kind: a burst of load from elsewhere on a shared machine
      // then weighs on every kind alike instead of on whichever ran during it.
      for (let round = 0; round < ROUNDS; round++) {
        for (const [k, kind] of kinds.entries()) {
          const prefix = `w-${run}-${writers}-${round}-${k}`;
          const timed = await runWorkers(
            writers,
            perWriter,
            (worker, i) => kind.run(`${prefix}-w${worker}-s${Math.floor(i / EVENTS_PER_STREAM)}`, (i % EVENTS_PER_STREAM) + 1, worker, i),
            phase,
          );
          kind.seconds += timed.seconds;
          kind.latencies.push(...timed.latencies);
        }
      }
      const total = perWriter * writers * ROUNDS;
      const [bare, alone, followed] = kinds.map((kind) => record(throughputFigure(kind.figure, total, kind.seconds, kind.latencies)));
      const ratio = round2(alone!['per s']! / bare!['per s']!);
      record({ bench: `append ÷ bare INSERT, events/s, ${writers} writer(s), no follower (like the bare table)`, ratio }, writers >= 8 ? { text: '≥ 0.7×', met: ratio >= 0.7 } : INFO);
      record({ bench: `append with this node's followers running ÷ bare INSERT, ${writers} writer(s)`, ratio: round2(followed!['per s']! / bare!['per s']!) }, INFO);
    }
  } finally {
    await pool.query(`DROP TABLE IF EXISTS ${table}`).catch(() => {});
    await pool.end();
    await unfollowed.db.destroy();
  }
}

export async function benchReadAll(app: App, phase: Phase): Promise<void> {
  let after: LogCheckpoint = LOG_START;
  let read = 0;
  const started = performance.now();
  for (;;) {
    phase.check();
    const page = await app.store.readAll({ after, limit: 1000 });
    if (page.length === 0) break;
    read += page.length;
    const last = page.at(-1)!;
    after = { transactionId: last.transactionId, position: last.position };
  }
  record(throughputFigure('readAll in commit order, pages of 1,000 (events/s)', read, (performance.now() - started) / 1000));
}
