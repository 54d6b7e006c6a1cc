/**
 * `npm run bench`: the speed figures of the write path, the read path and a checkout storm, on a
 * throw-away database (an embedded PostgreSQL in a temp dir, or BENCH_DATABASE_URL's server).
 * Speed goals live here rather than in timed tests, which would be flaky on shared machines.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startApp, type App } from '../app/app';
import { createLogger } from '../config/logger';
import { startEmbeddedPostgres } from '../db/embedded';
import { ensureDatabase } from '../db/knex';
import { DEFAULT_TENANT, LOG_START, type LogCheckpoint } from '../eventstore/types';
import { newId } from '../shared/ids';
import { Role } from '../auth/roles';

const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
const scale = Number(process.env.BENCH_SCALE ?? 1);

interface Figure {
  bench: string;
  operations: number;
  seconds: number;
  perSecond: number;
  p50Ms?: number;
  p95Ms?: number;
  p99Ms?: number;
}
const figures: Figure[] = [];

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** Runs `count` operations with `concurrency` in flight, recording each one's latency. */
async function measure(bench: string, count: number, concurrency: number, operation: (i: number) => Promise<void>): Promise<void> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        await operation(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  figures.push({
    bench,
    operations: count,
    seconds: round(seconds),
    perSecond: Math.round(count / seconds),
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    p99Ms: round(percentile(latencies, 99)),
  });
}

let authorization = '';

async function graphql<T>(app: App, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length) throw new Error(JSON.stringify(body.errors));
  return body.data!;
}

async function benchAppends(app: App) {
  const count = 5000 * scale;
  const versions = new Map<string, number>();
  // 500 streams, 16 writers: contention-free appends, the steady-state write path.
  await measure('append 1 event (16 concurrent writers, 500 streams)', count, 16, async (i) => {
    const streamId = `bench-${i % 500}`;
    const expectedVersion = versions.get(streamId) ?? 0;
    versions.set(streamId, expectedVersion + 1);
    await app.store.append({ streamId, streamType: 'Bench', expectedVersion, events: [{ type: 'BenchEventHappened', data: { i } }] }, { tenantId: 'bench' });
  });
}

async function benchReadAll(app: App) {
  let after: LogCheckpoint = LOG_START;
  let read = 0;
  const started = performance.now();
  for (;;) {
    const page = await app.store.readAll({ after, limit: 1000 });
    if (page.length === 0) break;
    read += page.length;
    const last = page.at(-1)!;
    after = { transactionId: last.transactionId, position: last.position };
  }
  const seconds = (performance.now() - started) / 1000;
  figures.push({ bench: 'readAll in commit order (pages of 1000)', operations: read, seconds: Math.round(seconds * 100) / 100, perSecond: Math.round(read / seconds) });
}

async function benchCheckoutStorm(app: App) {
  const sku = `BENCH-${newId().slice(0, 8)}`;
  const stock = 100 * scale;
  const orders = 300 * scale;
  const { createProduct } = await graphql<{ createProduct: { id: string } }>(app, 'mutation { createProduct(input: { name: "Bench", description: "bench" }) { id } }');
  const { addProductVariant } = await graphql<{ addProductVariant: { variants: { id: string }[] } }>(
    app,
    'mutation($p: ID!, $sku: String!) { addProductVariant(productId: $p, input: { sku: $sku, name: "Bench", price: { amount: 100, currency: "EUR" } }) { variants { id } } }',
    { p: createProduct.id, sku },
  );
  await graphql(app, 'mutation($p: ID!) { publishProduct(id: $p) { id } }', { p: createProduct.id });
  const { createWarehouse } = await graphql<{ createWarehouse: { id: string } }>(app, 'mutation($c: String!) { createWarehouse(input: { code: $c, name: "Bench" }) { id } }', { c: sku });
  await graphql(app, 'mutation($w: ID!, $sku: String!, $q: Int!) { receiveStock(input: { sku: $sku, warehouseId: $w, quantity: $q }) { sku } }', { w: createWarehouse.id, sku, q: stock });

  const variantId = addProductVariant.variants[0]!.id;
  const orderIds: string[] = [];
  // Draft orders through the API: every call waits until its change is projected (read-after-write).
  await measure('createOrder + addOrderItem via GraphQL, projected (8 concurrent clients)', orders, 8, async () => {
    const { createOrder } = await graphql<{ createOrder: { id: string } }>(app, 'mutation { createOrder { id } }');
    await graphql(app, 'mutation($o: ID!, $v: ID!) { addOrderItem(orderId: $o, variantId: $v, quantity: 1) { id } }', { o: createOrder.id, v: variantId });
    orderIds.push(createOrder.id);
  });

  const started = performance.now();
  await Promise.all(orderIds.map((o, i) => graphql(app, 'mutation($o: ID!, $k: String!) { checkoutOrder(orderId: $o, payment: { token: "tok_visa" }, idempotencyKey: $k) { id } }', { o, k: `bench-${i}` })));
  for (;;) {
    const row = await app.db('orders').where({ status: 'CHECKOUT_PENDING' }).whereIn('id', orderIds).count<{ count: number }[]>({ count: '*' }).first();
    if (Number(row?.count ?? 0) === 0) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const seconds = (performance.now() - started) / 1000;
  const placed = await app.db('orders').where({ status: 'PLACED' }).whereIn('id', orderIds).count<{ count: number }[]>({ count: '*' }).first();
  figures.push({ bench: `checkout storm: ${orders} concurrent checkouts for ${stock} units, until all settled (${placed?.count} placed)`, operations: orders, seconds: Math.round(seconds * 100) / 100, perSecond: Math.round(orders / seconds) });
}

async function main() {
  let databaseUrl = process.env.BENCH_DATABASE_URL;
  let stopDatabase = async () => {};
  if (!databaseUrl) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ordercast-bench-'));
    fs.chmodSync(dir, 0o777);
    const embedded = await startEmbeddedPostgres({ dir: path.join(dir, 'data'), port: Number(process.env.BENCH_PG_PORT ?? 54391), persistent: false, logger });
    const url = new URL(embedded.adminUrl);
    url.pathname = '/ordercast_bench';
    databaseUrl = url.toString();
    stopDatabase = async () => {
      await embedded.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  await ensureDatabase(databaseUrl);
  // The bench is one client firing thousands of mutations: the rate limit would measure itself.
  const app = await startApp({ databaseUrl, port: 0, logger, jwtSecret: randomBytes(32).toString('hex'), reservationExpiryIntervalMs: 0, limits: { mutationRateLimit: 0 } });
  // The bench acts as an admin of the demo shop (a minted token; no account needed).
  const { token } = await app.tokens.issue({ userId: newId(), shopId: DEFAULT_TENANT, role: Role.ADMIN });
  authorization = `Bearer ${token}`;
  try {
    await benchAppends(app);
    await benchReadAll(app);
    await benchCheckoutStorm(app);
  } finally {
    await app.stop();
    await stopDatabase();
  }
  console.table(figures);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
