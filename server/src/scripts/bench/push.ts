/**
 * Push latency with 1,000 open `orderUpdated` subscriptions: from the moment a mutation is sent to
 * the moment a subscriber's graphql-ws client receives the pushed order, one mutation at a time.
 *
 * - 1,000 subscriptions on 1,000 orders (50 sockets of 50 customers, 20 own orders each): each
 *   mutation changes one order and is pushed to its one subscriber. This is the target's figure.
 * - Fan-out: 1,000 subscriptions on 10 orders (50 sockets × 20, 100 subscribers per order): each
 *   mutation is pushed to 100 subscribers; every subscriber's latency counts.
 *
 * The clients run in the server's process (and so share its event loop): a client's handling of
 * a message is part of the latency measured.
 */
import { performance } from 'node:perf_hooks';
import type { Client } from 'graphql-ws';
import type { App } from '../../app/app';
import { graphqlClient, INFO, record, scaled, summarize, waitUntil, within, type GraphQL, type Phase } from './harness';
import { DEFAULT_TENANT } from '../../eventstore/types';
import { ORDER_UPDATED, orderStreamId } from '../../ordering/events';
import { orderDecider } from '../../ordering/order-decider';
import { newId } from '../../shared/ids';
import { createStockedCatalog, customer, disposeAll, wsClient } from './shop';

const SOCKETS = 50;
const SUBSCRIPTIONS_PER_SOCKET = 20;
const SUBSCRIPTIONS = SOCKETS * SUBSCRIPTIONS_PER_SOCKET;
const FAN_OUT_ORDERS = 10;
const ROUND_TIMEOUT_MS = 10_000;
/** Rounds sent and waited for, but not measured, after the subscriptions are set up. */
const WARM_UP_ROUNDS = 3;

const ORDER_UPDATED_SUBSCRIPTION = 'subscription($id: ID!) { orderUpdated(orderId: $id) { id status version total { amount currency } items { sku quantity } } }';
const ADD_ITEM = 'mutation($o: ID!, $v: ID!) { addOrderItem(orderId: $o, variantId: $v, quantity: 1) { id version } }';

interface BenchOrder {
  id: string;
  owner: number;
  version: number;
}

/** One mutation being measured: which order, from which version on a push counts, and who has received it. */
interface Round {
  number: number;
  orderId: string;
  minVersion: number;
  t0: number;
  expected: number;
  latencies: number[];
  done(): void;
  fail(error: unknown): void;
}

export async function benchPushLatency(app: App, admin: GraphQL, phase: Phase): Promise<void> {
  const { signal } = phase;
  const [variant] = await createStockedCatalog(admin, { label: 'push', products: 1, variantsPerProduct: 1, stockPerSku: 1000 }, signal);
  const customers = await Promise.all(
    Array.from({ length: SOCKETS }, async () => {
      const { userId, token } = await customer(app);
      return { userId, token, graphql: graphqlClient(app, token) };
    }),
  );

  // Each customer owns 20 DRAFT orders. They are set up through the store (an OrderCreated each,
  // as createOrder appends it) rather than 1,000 createOrder calls: setup, not what is measured.
  const orders: BenchOrder[] = Array.from({ length: SUBSCRIPTIONS }, (_, i) => ({ id: newId(), owner: i % SOCKETS, version: 1 }));
  for (let from = 0; from < orders.length; from += 100) {
    phase.check();
    await app.store.appendToStreams(
      orders.slice(from, from + 100).map((order) => ({
        streamId: orderStreamId(order.id),
        streamType: orderDecider.streamType,
        expectedVersion: 0,
        events: [{ type: 'OrderCreated', data: { orderId: order.id, customerId: customers[order.owner]!.userId } }],
      })),
      { tenantId: DEFAULT_TENANT, metadata: { actor: 'bench' } },
    );
  }
  const ids = orders.map((o) => o.id);
  const projected = async () => Number((await app.db('orders').where({ tenant_id: DEFAULT_TENANT }).whereIn('id', ids).count<{ count: number }[]>({ count: '*' }).first())?.count ?? 0);
  await waitUntil(async () => (await projected()) === orders.length, 60_000, () => `the ${orders.length} bench orders were not all projected within 60 s`, signal, 50);

  let current: Round | undefined;
  /** Numbers every round of the phase (warm-ups included), so a subscription never mistakes one for another. */
  let roundNumber = 0;
  let subscriptionError: unknown;
  /** Set while the bench closes its own sockets: what their subscriptions say then is not a failure. */
  let closing = false;
  const failed = (error: unknown) => {
    if (closing) return;
    subscriptionError ??= error;
    current?.fail(error);
  };
  /** Subscribes to one order; a push counts once per subscription and round. */
  const subscribe = (client: Client, orderId: string) => {
    let lastRound = -1;
    client.subscribe<{ orderUpdated: { version: number } }>(
      { query: ORDER_UPDATED_SUBSCRIPTION, variables: { id: orderId } },
      {
        next: (result) => {
          const now = performance.now();
          if (result.errors?.length) return failed(new Error(`orderUpdated(${orderId}) pushed errors: ${JSON.stringify(result.errors)}`));
          const round = current;
          const version = result.data?.orderUpdated.version ?? 0;
          if (!round || round.orderId !== orderId || version < round.minVersion || lastRound === round.number) return;
          lastRound = round.number;
          round.latencies.push(now - round.t0);
          if (round.latencies.length === round.expected) round.done();
        },
        error: (error) => failed(new Error(`orderUpdated(${orderId}) ended with an error: ${error instanceof Error ? error.message : JSON.stringify(error)}`)),
        complete: () => {},
      },
    );
  };
  const listeners = (orderId: string) => app.pubSub.listenerCount(ORDER_UPDATED, orderId);
  /**
   * A subscription listens before its ownership check has read the order, so the counts above come
   * before 1,000 checks have gone through the database pool; measuring then would measure them.
   * Waits until the pool has had no queue for a while, then warms up with unmeasured rounds.
   */
  const quiet = async () => {
    const pool = (app.db.client as { pool?: { numPendingAcquires(): number; numUsed(): number } }).pool;
    let calm = 0;
    await waitUntil(
      () => {
        calm = pool && pool.numPendingAcquires() === 0 && pool.numUsed() <= 2 ? calm + 1 : 0;
        return calm >= 20;
      },
      30_000,
      () => 'the database pool did not go quiet',
      signal,
      10,
    ).catch(() => console.error('bench: the database pool did not go quiet within 30 s; measuring anyway'));
  };

  /** Sends `count` mutations one after another, each to `pick(k)`, and waits for `expected` pushes of each. */
  const rounds = async (count: number, pick: (k: number) => BenchOrder, expected: number): Promise<{ latencies: number[]; seconds: number }> => {
    const latencies: number[] = [];
    const started = performance.now();
    for (let k = 0; k < count; k++) {
      phase.check();
      if (subscriptionError) throw subscriptionError;
      const order = pick(k);
      let done!: () => void;
      let fail!: (error: unknown) => void;
      const settled = new Promise<void>((resolve, reject) => {
        done = resolve;
        fail = reject;
      });
      const round: Round = { number: roundNumber++, orderId: order.id, minVersion: order.version + 1, t0: performance.now(), expected, latencies: [], done, fail };
      current = round;
      const answered = customers[order.owner]!.graphql<{ addOrderItem: { version: number } }>(ADD_ITEM, { o: order.id, v: variant!.id }, signal);
      const [, answer] = await within(
        Promise.all([settled, answered]),
        ROUND_TIMEOUT_MS,
        () => `push round ${k}: ${round.latencies.length} of ${expected} subscribers of order ${order.id} received the change within ${ROUND_TIMEOUT_MS / 1000} s`,
        signal,
      );
      order.version = answer.addOrderItem.version;
      latencies.push(...round.latencies);
      current = undefined;
    }
    return { latencies, seconds: (performance.now() - started) / 1000 };
  };

  // 1) 1,000 subscriptions on 1,000 orders: socket c is customer c's and follows their 20 orders.
  let clients: Client[] = [];
  try {
    clients = customers.map((customer) => wsClient(app, customer.token));
    for (const order of orders) subscribe(clients[order.owner]!, order.id);
    await waitUntil(
      () => orders.every((o) => listeners(o.id) >= 1),
      60_000,
      () => `only ${orders.filter((o) => listeners(o.id) >= 1).length} of ${SUBSCRIPTIONS} orderUpdated subscriptions were listening after 60 s${subscriptionError ? `: ${String(subscriptionError)}` : ''}`,
      signal,
      20,
    );
    await quiet();
    // A stride coprime with 1,000 visits every socket and order evenly.
    await rounds(WARM_UP_ROUNDS, (k) => orders[(SUBSCRIPTIONS - 1 - k * 7) % SUBSCRIPTIONS]!, 1);
    const single = await rounds(scaled(250), (k) => orders[(k * 7) % SUBSCRIPTIONS]!, 1);
    const { p50, p95, p99 } = summarize(single.latencies);
    record(
      {
        bench: `push latency, ${SUBSCRIPTIONS} open orderUpdated subscriptions (${SOCKETS} sockets × ${SUBSCRIPTIONS_PER_SOCKET}, one per order, customers): addOrderItem sent → its subscriber's push received, one mutation at a time`,
        n: single.latencies.length,
        s: Math.round(single.seconds * 100) / 100,
        'p50 ms': p50,
        'p95 ms': p95,
        'p99 ms': p99,
      },
      { text: 'p99 ≤ 25 ms', met: p99 <= 25 },
    );
  } finally {
    closing = true;
    await disposeAll(clients);
    clients = [];
    closing = false;
  }
  // Let the server drop the closed subscriptions before the next 1,000 open.
  await waitUntil(() => orders.every((o) => listeners(o.id) === 0), 10_000, () => 'closed subscriptions still listening', signal, 20).catch(() =>
    console.error('bench: some closed subscriptions were still listening after 10 s; going on'),
  );

  // 2) Fan-out: 1,000 subscriptions on 10 orders of customer 0, 100 subscribers each.
  const fanOrders = orders.filter((o) => o.owner === 0).slice(0, FAN_OUT_ORDERS);
  try {
    clients = Array.from({ length: SOCKETS }, () => wsClient(app, customers[0]!.token));
    clients.forEach((client) => {
      for (let j = 0; j < SUBSCRIPTIONS_PER_SOCKET; j++) subscribe(client, fanOrders[j % FAN_OUT_ORDERS]!.id);
    });
    const perOrder = SUBSCRIPTIONS / FAN_OUT_ORDERS;
    await waitUntil(
      () => fanOrders.every((o) => listeners(o.id) >= perOrder),
      60_000,
      () => `fan-out subscriptions not all listening after 60 s (${fanOrders.map((o) => listeners(o.id)).join(', ')} of ${perOrder} each)${subscriptionError ? `: ${String(subscriptionError)}` : ''}`,
      signal,
      20,
    );
    await quiet();
    await rounds(WARM_UP_ROUNDS, (k) => fanOrders[k % FAN_OUT_ORDERS]!, perOrder);
    const fan = await rounds(scaled(50), (k) => fanOrders[k % FAN_OUT_ORDERS]!, perOrder);
    const { p50, p95, p99 } = summarize(fan.latencies);
    record(
      {
        bench: `push fan-out, ${SUBSCRIPTIONS} open orderUpdated subscriptions on ${FAN_OUT_ORDERS} orders (${perOrder} subscribers each, ${SOCKETS} sockets): addOrderItem sent → each subscriber's push received`,
        n: fan.latencies.length,
        s: Math.round(fan.seconds * 100) / 100,
        'p50 ms': p50,
        'p95 ms': p95,
        'p99 ms': p99,
      },
      INFO,
    );
  } finally {
    closing = true;
    await disposeAll(clients);
  }
}
