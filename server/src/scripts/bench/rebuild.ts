/**
 * Rebuild speed: order events of the shapes in server/src/ordering/events.ts are generated
 * set-based into the events table (INSERT … SELECT generate_series, a few statements), then the
 * `orders` projection is rebuilt from the whole log with `rebuildProjection` and timed.
 *
 * Runs after the app has stopped: events inserted behind the store's back must not race a live
 * reader (and the live projector would otherwise project all of them too).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createKnex } from '../../db/knex';
import { EventStore } from '../../eventstore/event-store';
import { orderProjection } from '../../ordering/order-projection';
import { rebuildProjection } from '../../projector/rebuild';
import { record, round2, scaled, throughputFigure, type Phase } from './harness';

const TENANT = 'bench-rebuild';
/** OrderCreated, 3 × ItemAddedToOrder, CheckoutRequested, OrderPlaced. */
const EVENTS_PER_ORDER = 6;
const ORDERS_PER_STATEMENT = 5000;
/** The rebuild is stopped (and rolled back) after this long (scaled): its rate so far is the figure. */
const REBUILD_CAP_MS = 90_000;

class RebuildCapped extends Error {}

export async function benchRebuild(databaseUrl: string, phase: Phase): Promise<void> {
  const wanted = scaled(200_000);
  const orders = Math.ceil(wanted / EVENTS_PER_ORDER);
  const seed = randomUUID();
  const db = createKnex(databaseUrl, 4);
  try {
    const items = [0, 1, 2].map((i) => ({
      variantId: randomUUID(),
      sku: `REBUILD-${i + 1}`,
      productName: `Rebuild product ${i + 1}`,
      variantName: ['Small', 'Medium', 'Large'][i]!,
      unitPrice: { amount: 1900 + 100 * i, currency: 'EUR' },
      quantity: 1 + i,
    }));
    const lines = items.map(({ variantId, sku, quantity }) => ({ variantId, sku, quantity }));
    const total = { amount: items.reduce((sum, i) => sum + i.unitPrice.amount * i.quantity, 0), currency: 'EUR' };

    const generatedAt = performance.now();
    for (let from = 1; from <= orders; from += ORDERS_PER_STATEMENT) {
      phase.check();
      const to = Math.min(orders, from + ORDERS_PER_STATEMENT - 1);
      await db.raw(
        `INSERT INTO events (tenant_id, stream_id, stream_type, stream_version, event_type, data, metadata)
         SELECT ?, 'order-' || o.id, 'Order', e.version, e.type, e.data,
                jsonb_build_object('correlationId', o.correlation, 'actor', 'user:' || o.customer)
           FROM (SELECT n,
                        md5(?::text || ':order:' || n)::uuid::text AS id,
                        md5(?::text || ':checkout:' || n)::uuid::text AS checkout,
                        md5(?::text || ':payment:' || n)::uuid::text AS payment,
                        md5(?::text || ':customer:' || (n % 1000))::uuid::text AS customer,
                        md5(?::text || ':correlation:' || n)::uuid::text AS correlation
                   FROM generate_series(?::int, ?::int) AS n) o
          CROSS JOIN LATERAL (VALUES
            (1, 'OrderCreated', jsonb_build_object('orderId', o.id, 'customerId', o.customer)),
            (2, 'ItemAddedToOrder', ?::jsonb || jsonb_build_object('orderId', o.id)),
            (3, 'ItemAddedToOrder', ?::jsonb || jsonb_build_object('orderId', o.id)),
            (4, 'ItemAddedToOrder', ?::jsonb || jsonb_build_object('orderId', o.id)),
            (5, 'CheckoutRequested', jsonb_build_object('orderId', o.id, 'checkoutId', o.checkout, 'idempotencyKey', o.correlation,
                                                        'paymentTokenRef', o.correlation, 'attempt', 1, 'lines', ?::jsonb, 'total', ?::jsonb)),
            (6, 'OrderPlaced', jsonb_build_object('orderId', o.id, 'checkoutId', o.checkout, 'paymentId', o.payment, 'total', ?::jsonb))
          ) AS e(version, type, data)
          ORDER BY o.n, e.version`,
        [
          TENANT,
          seed,
          seed,
          seed,
          seed,
          seed,
          from,
          to,
          JSON.stringify(items[0]),
          JSON.stringify(items[1]),
          JSON.stringify(items[2]),
          JSON.stringify(lines),
          JSON.stringify(total),
          JSON.stringify(total),
        ],
      );
    }
    await db.raw('ANALYZE events');
    const generated = orders * EVENTS_PER_ORDER;
    console.error(`bench: generated ${generated} order events (${orders} orders) in ${round2((performance.now() - generatedAt) / 1000)} s`);

    phase.check();
    const store = new EventStore(db);
    const cap = scaled(REBUILD_CAP_MS);
    let progress = { total: 0, done: 0 };
    let capped = false;
    const started = performance.now();
    let applied: number;
    try {
      applied = await rebuildProjection(db, store, orderProjection, (now) => {
        progress = now;
        if (performance.now() - started > cap || phase.signal.aborted) throw new RebuildCapped();
      });
    } catch (error) {
      if (!(error instanceof RebuildCapped)) throw error;
      capped = true;
      applied = progress.done;
    }
    const seconds = (performance.now() - started) / 1000;

    if (!capped) {
      // The projection did the work: every generated order is there, PLACED, with its total.
      const check = await db('orders').where({ tenant_id: TENANT, status: 'PLACED', total_amount: total.amount }).count<{ count: number }[]>({ count: '*' }).first();
      if (Number(check?.count ?? 0) !== orders) throw new Error(`rebuild: expected ${orders} PLACED orders of ${TENANT}, found ${check?.count}`);
    }
    const what = capped
      ? `stopped at the ${cap / 1000} s cap after ${progress.done} of ${progress.total} order events, rolled back`
      : `${applied} order events, ${generated} of them generated`;
    const figure = throughputFigure(`rebuild of the orders projection (rebuildProjection) over the whole log (${what}), events/s`, applied, seconds);
    record(figure, { text: '≥ 30,000/s', met: figure['per s']! >= 30_000 });
  } finally {
    await db.destroy();
  }
}
