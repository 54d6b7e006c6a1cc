/**
 * Checkout throughput with one node and with two nodes on the same database: real server
 * processes (as `npm start` runs them), clients spread over the nodes.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { Role } from '../../auth/roles';
import { TokenService } from '../../auth/tokens';
import { ensureDatabase } from '../../db/knex';
import { freePort } from '../free-port';
import { startServerProcess, type ServerProcess } from '../server-process';
import { graphqlClient, INFO, record, round2, scaled, sleep, type GraphQL, type Phase } from './harness';
import { createStockedCatalog, type BenchVariant } from './shop';

const CLIENTS = Number(process.env.BENCH_NODE_CLIENTS ?? 48);
const ITEMS_PER_ORDER = 3;
/** How long the clients start new checkouts; the figure counts the checkouts settled meanwhile. */
const WINDOW_MS = 20_000;

/** How long a run may go without a single checkout settling before the bench calls it stuck. */
const SETTLE_STALL_MS = 30_000;

const client = (url: string, token: string): GraphQL => graphqlClient({ url }, token);

async function settledCheckouts(databaseUrl: string): Promise<number> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM checkouts WHERE status IN ('COMPLETED', 'FAILED')");
    return rows[0]!.n;
  } finally {
    await db.end();
  }
}

/**
 * How long each request to the simulated card gateway takes in the gateway-paced runs: a real
 * provider's authorization takes a few hundred milliseconds, and the checkout saga waits for it.
 */
const GATEWAY_LATENCY_MS = 400;

/** One run: `nodes` server processes on a fresh database, the clients looping create → 3 items → checkout. */
async function run(adminUrl: string, nodes: number, gatewayLatencyMs: number, phase: Phase): Promise<{ perSecond: number; settled: number; seconds: number }> {
  const url = new URL(adminUrl);
  url.pathname = `/ordercast_bench_nodes_${nodes}_${randomBytes(3).toString('hex')}`;
  const databaseUrl = url.toString();
  await ensureDatabase(databaseUrl);
  const secret = randomBytes(32).toString('hex');
  const tokens = new TokenService(secret, 3600);
  const servers: ServerProcess[] = [];
  try {
    for (let i = 0; i < nodes; i++) {
      // One at a time: the first migrates the fresh database.
      // As many buckets as nodes: each node runs its bucket of every process manager (more
      // would let more nodes share, at a small cost; see the README).
      servers.push(await startServerProcess({ DATABASE_URL: databaseUrl, JWT_SECRET: secret, SEED_DEMO: 'false', LOG_LEVEL: 'warn', MUTATION_RATE_LIMIT: '0', PROCESS_BUCKETS: String(nodes), SIMULATED_GATEWAY_LATENCY_MS: String(gatewayLatencyMs) }, await freePort()));
    }
    const admin = client(servers[0]!.url, (await tokens.issue({ userId: randomUUID(), shopId: 'demo', role: Role.ADMIN })).token);
    const variants: BenchVariant[] = await createStockedCatalog(admin, { label: `nodes ${nodes}`, products: 8, variantsPerProduct: 3, stockPerSku: 100_000 }, phase.signal);
    const customers = await Promise.all(
      Array.from({ length: CLIENTS }, async (_, i) => client(servers[i % nodes]!.url, (await tokens.issue({ userId: randomUUID(), shopId: 'demo', role: Role.CUSTOMER })).token)),
    );
    const pick = () => [...new Set(Array.from({ length: 12 }, () => variants[Math.floor(Math.random() * variants.length)]!))].slice(0, ITEMS_PER_ORDER);
    const started = performance.now();
    const until = started + scaled(WINDOW_MS);
    let sent = 0;
    await Promise.all(
      customers.map(async (graphql) => {
        while (performance.now() < until) {
          phase.check();
          const { createOrder } = await graphql<{ createOrder: { id: string } }>('mutation { createOrder { id } }', {}, phase.signal);
          for (const variant of pick()) await graphql('mutation($o: ID!, $v: ID!) { addOrderItem(orderId: $o, variantId: $v, quantity: 1) { id } }', { o: createOrder.id, v: variant.id }, phase.signal);
          await graphql('mutation($o: ID!, $k: String!) { checkoutOrder(orderId: $o, payment: { token: "tok_visa" }, idempotencyKey: $k) { id } }', { o: createOrder.id, k: randomUUID() }, phase.signal);
          sent++;
        }
      }),
    );
    // Checkouts/s counts the checkouts the nodes settled (COMPLETED or FAILED) from the first request
    // until the last sent one settles. The clients do not wait for their checkouts, so a saga paced
    // by the gateway ends the window with a backlog, as long as the clients were quick to send it:
    // the run is stuck only when nothing settles for a while, not when the backlog takes long.
    let lastSettled = -1;
    let lastProgress = performance.now();
    for (;;) {
      const settled = await settledCheckouts(databaseUrl);
      if (settled >= sent) return { perSecond: settled / ((performance.now() - started) / 1000), settled, seconds: (performance.now() - started) / 1000 };
      if (settled > lastSettled) {
        lastSettled = settled;
        lastProgress = performance.now();
      } else if (performance.now() - lastProgress > SETTLE_STALL_MS) {
        throw new Error(`${nodes} node(s): ${sent - settled} of ${sent} checkouts still unsettled, none settled for ${SETTLE_STALL_MS / 1000} s`);
      }
      await sleep(50, phase.signal);
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

/**
 * Two pairs of runs. With the simulated gateway answering at once, one node keeps this machine's
 * two cores nearly busy, so a second node can only share them. With a gateway that takes as long
 * as a real one, a node's partition slots (PROCESS_CONCURRENCY) pace the saga, and a second node
 * brings its own.
 */
export async function benchNodes(adminUrl: string, phase: Phase): Promise<void> {
  for (const latency of [0, GATEWAY_LATENCY_MS]) {
    const one = await run(adminUrl, 1, latency, phase);
    const two = await run(adminUrl, 2, latency, phase);
    const gateway = latency === 0 ? 'gateway answering at once' : `gateway taking ${latency} ms a request`;
    record({ bench: `checkout throughput, 1 node (server process, PROCESS_BUCKETS=1; ${CLIENTS} clients: createOrder → 3 × addOrderItem → checkoutOrder; ${gateway}), settled checkouts/s`, n: one.settled, s: round2(one.seconds), 'per s': round2(one.perSecond) }, INFO);
    record(
      { bench: `checkout throughput, 2 nodes on one database (PROCESS_BUCKETS=2, clients split over them; ${gateway}), settled checkouts/s; ${round2(two.perSecond / one.perSecond)}× one node`, n: two.settled, s: round2(two.seconds), 'per s': round2(two.perSecond) },
      INFO,
    );
  }
}
