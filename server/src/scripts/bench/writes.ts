/**
 * The write path against its floor: the same event-shaped rows, once through `app.store.append`
 * and once as a bare autocommit INSERT by `pg` into a plain table with a unique (stream, version),
 * on the same server in the same run, at 1, 8 and 16 writers. And the read path (`readAll`).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { App } from '../../app/app';
import { LOG_START, type LogCheckpoint } from '../../eventstore/types';
import { INFO, record, round2, runWorkers, scaled, throughputFigure, type Phase } from './harness';

const WRITER_COUNTS = [1, 8, 16] as const;
/** Writers each move to a fresh stream after this many events, as an order's life would. */
const EVENTS_PER_STREAM = 10;
const EVENT_TYPE = 'BenchItemAdded';
const STREAM_TYPE = 'BenchOrder';
const TENANT = 'bench';

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

export async function benchAppendAgainstBareInsert(app: App, databaseUrl: string, phase: Phase): Promise<void> {
  const rows = scaled(2000);
  const run = randomUUID().slice(0, 8);
  const table = `bench_bare_insert_${run}`;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: Math.max(...WRITER_COUNTS), application_name: 'ordercast-bench-bare' });
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
    const where = (prefix: string, worker: number, i: number) => ({
      streamId: `${prefix}-w${worker}-s${Math.floor(i / EVENTS_PER_STREAM)}`,
      version: (i % EVENTS_PER_STREAM) + 1,
    });

    for (const writers of WRITER_COUNTS) {
      const perWriter = Math.ceil(rows / writers);
      const total = perWriter * writers;
      // Open the connections first: connecting is not what is measured.
      await Promise.all(Array.from({ length: writers }, () => pool.query('SELECT 1')));
      await Promise.all(Array.from({ length: writers }, () => app.db.raw('SELECT 1')));

      const barePrefix = `bare-${run}-${writers}`;
      const bare = await runWorkers(
        writers,
        perWriter,
        async (worker, i) => {
          const { streamId, version } = where(barePrefix, worker, i);
          await pool.query(insert, [TENANT, streamId, STREAM_TYPE, version, EVENT_TYPE, JSON.stringify(eventData(worker, i)), JSON.stringify(metadata())]);
        },
        phase,
      );
      const bareFigure = record(throughputFigure(`bare INSERT by pg of the same rows (autocommit, plain table, unique (stream, version)), ${writers} writer(s)`, total, bare.seconds, bare.latencies));

      const appendPrefix = `append-${run}-${writers}`;
      const append = await runWorkers(
        writers,
        perWriter,
        async (worker, i) => {
          const { streamId, version } = where(appendPrefix, worker, i);
          await app.store.append(
            { streamId, streamType: STREAM_TYPE, expectedVersion: version - 1, events: [{ type: EVENT_TYPE, data: eventData(worker, i) }] },
            { tenantId: TENANT, metadata: metadata() },
          );
        },
        phase,
      );
      const appendFigure = record(throughputFigure(`app.store.append (tenant bench), 1 event per call, ${writers} writer(s) on streams of their own (a fresh one every ${EVENTS_PER_STREAM} events)`, total, append.seconds, append.latencies));

      const ratio = round2(appendFigure['per s']! / bareFigure['per s']!);
      record(
        { bench: `append ÷ bare INSERT, events/s, ${writers} writer(s)`, ratio },
        writers >= 8 ? { text: '≥ 0.7×', met: ratio >= 0.7 } : INFO,
      );
    }
  } finally {
    await pool.query(`DROP TABLE IF EXISTS ${table}`).catch(() => {});
    await pool.end();
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
