import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { idempotencyExemptMutations } from '../../server/src/app/contexts';
import { startTestApp, type TestApp } from '../support/app';
import { createProduct } from '../support/catalog-fixtures';
import { draftOrder, stockedProduct } from '../support/checkout-fixtures';
import { createShipment, placedOrder, shipShipment } from '../support/fulfillment-fixtures';
import { EVENTUALLY_MS } from '../support/eventually';
import { httpClient, type GraphQLResponse } from '../support/graphql-client';

let testApp: TestApp;

/** The server's log lines about idempotency keys (a positive signal that a retry is waiting). */
const keyLog: Record<string, any>[] = [];

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.includes('idempotency key')) keyLog.push(JSON.parse(line));
      done();
    },
  });
  testApp = await startTestApp({ logger: pino({ level: 'debug' }, sink) });
});
afterAll(() => testApp.stop());

/** A mutation as a client sends it. */
interface Example {
  query: string;
  variables: Record<string, unknown>;
  /** Who sends it: `Bearer <token>`, or '' for an anonymous caller; the demo shop's admin by default. */
  authorization?: string;
  /** Why the change is not an event (it lives in a table of its own), when it is not. */
  appendsNoEvents?: string;
}

interface Answer {
  status: number;
  body: GraphQLResponse;
  replayed: boolean;
}

/** POSTs as the demo shop's admin, with an idempotency key and a correlation id of its own (its events carry it). */
async function send(example: Example, key: string | undefined, correlationId = `idem-${randomUUID()}`, authorization = example.authorization ?? testApp.adminAuthorization): Promise<Answer & { correlationId: string }> {
  const response = await fetch(`${testApp.app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : { 'x-shop': 'demo' }), 'x-correlation-id': correlationId, ...(key === undefined ? {} : { 'idempotency-key': key }) },
    body: JSON.stringify({ query: example.query, variables: example.variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse, replayed: response.headers.get('idempotent-replayed') === 'true', correlationId };
}

/** Events a request appended, directly or through the processes it started. */
async function eventsOf(correlationId: string): Promise<number> {
  const [{ count }] = await testApp.database.db('events').whereRaw("metadata->>'correlationId' = ?", [correlationId]).count<{ count: string }[]>({ count: '*' });
  return Number(count);
}

/** The same mutation with one argument changed: the first string or number found gets another value. */
function anotherRequest(example: Example): Example {
  let changed = false;
  const change = (value: unknown): unknown => {
    if (changed) return value;
    if (typeof value === 'string') return (changed = true), `${value}-other`;
    if (typeof value === 'number') return (changed = true), value + 1;
    if (Array.isArray(value)) return value.map(change);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, change(v)]));
    return value;
  };
  const variables = change(example.variables) as Record<string, unknown>;
  // Nothing to change in the variables (createOrder has none): another selection is another request too.
  return changed ? { ...example, variables } : { query: example.query.replace('{', '{ __typename '), variables };
}

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`.toUpperCase();

async function product() {
  const sku = unique('IDEM');
  const created = await createProduct(testApp.client, { name: `Idempotent ${sku}`, variants: [{ sku, amount: 1_000 }] });
  return { ...created, sku, variantId: created.variantId(sku) };
}

async function brand() {
  const { createBrand } = await testApp.client.data<{ createBrand: { id: string } }>('mutation($n: String!) { createBrand(name: $n) { id } }', { n: unique('brand') });
  return createBrand.id;
}

async function category() {
  const { createCategory } = await testApp.client.data<{ createCategory: { id: string } }>('mutation($n: String!) { createCategory(name: $n) { id } }', { n: unique('category') });
  return createCategory.id;
}

async function warehouse() {
  const { createWarehouse } = await testApp.client.data<{ createWarehouse: { id: string } }>('mutation($i: CreateWarehouseInput!) { createWarehouse(input: $i) { id } }', {
    i: { code: unique('WH'), name: 'Idempotency warehouse' },
  });
  return createWarehouse.id;
}

async function stocked() {
  const sku = unique('IDEM');
  const made = await stockedProduct(testApp.client, unique('WH'), { [sku]: { amount: 1_000, stock: 10 } });
  return { ...made, sku, variantId: made.variantId(sku) };
}

async function draftWithItem() {
  const { variantId } = await stocked();
  return { orderId: await draftOrder(testApp.client, [{ variantId, quantity: 1 }]), variantId };
}

async function placed() {
  const sku = unique('IDEM');
  const order = await placedOrder(testApp.client, unique('P'), { [sku]: { amount: 1_000, stock: 10 } }, { [sku]: 2 });
  return { ...order, lineVariantId: order.variantId(sku) };
}

/** An event the orders read model cannot apply (an order it has never seen), parked once the projection gives up on it. */
async function parkedEvent() {
  const orderId = randomUUID();
  const { checkpoint } = await testApp.app.store.append(
    { streamId: `order-${orderId}`, streamType: 'Order', expectedVersion: 0, events: [{ type: 'OrderItemQuantityChanged', data: { orderId, variantId: randomUUID(), quantity: 2 } }] },
    { tenantId: 'demo', metadata: { actor: 'test' } },
  );
  // Positive signal: the projection's checkpoint passes the event, so it is parked.
  await testApp.app.projector.waitFor('orders', checkpoint, 10_000);
  return { orderId, position: checkpoint.position };
}

async function staffAccount() {
  const { createStaffAccount } = await testApp.client.data<{ createStaffAccount: { id: string } }>(
    'mutation($e: String!) { createStaffAccount(email: $e, name: "Staff", password: "correct horse battery", role: STAFF) { id } }',
    { e: `${randomUUID()}@staff.example` },
  );
  return createStaffAccount.id;
}

const PASSWORD = 'correct horse battery';

/** A new customer's session, as signUp starts it. */
async function customerSession() {
  const email = `${randomUUID()}@example.com`;
  const { signUp } = await testApp.anonymous.data<{ signUp: { token: string; refreshToken: string } }>(
    'mutation($e: String!, $p: String!) { signUp(shop: "demo", email: $e, name: "Customer", password: $p) { token refreshToken } }',
    { e: email, p: PASSWORD },
  );
  return { ...signUp, email };
}

/** The token of the password-reset mail the default sender delivered to `recipient`. */
async function mailedResetToken(recipient: string): Promise<string> {
  const body = await vi.waitFor(
    async () => {
      const mail = await testApp.database.db('notifications').where({ kind: 'PASSWORD_RESET', recipient }).first('body');
      expect(mail).toBeDefined();
      return mail.body as string;
    },
    { timeout: EVENTUALLY_MS, interval: 50 },
  );
  return /#token=(\S+?) /.exec(body)![1]!;
}

const MONEY = { amount: 500, currency: 'EUR' };

/**
 * A valid example of every mutation, each on state of its own. A mutation added to the schema
 * without an example here (or in the exemption list) fails the coverage test below.
 */
const examples: Record<string, () => Promise<Example>> = {
  createProduct: async () => ({ query: 'mutation($i: CreateProductInput!) { createProduct(input: $i) { id name } }', variables: { i: { name: unique('product'), description: 'idempotent' } } }),
  addProductVariant: async () => {
    const { productId } = await product();
    return { query: 'mutation($p: ID!, $i: AddProductVariantInput!) { addProductVariant(productId: $p, input: $i) { id variants { sku } } }', variables: { p: productId, i: { sku: unique('VAR'), name: 'Second', price: MONEY } } };
  },
  publishProduct: async () => {
    const sku = unique('IDEM');
    const { productId } = await createProduct(testApp.client, { variants: [{ sku, amount: 100 }], publish: false });
    return { query: 'mutation($id: ID!) { publishProduct(id: $id) { id status } }', variables: { id: productId } };
  },
  archiveProduct: async () => ({ query: 'mutation($id: ID!) { archiveProduct(id: $id) { id status } }', variables: { id: (await product()).productId } }),
  changeVariantPrice: async () => ({ query: 'mutation($v: ID!, $p: MoneyInput!) { changeVariantPrice(variantId: $v, price: $p) { id } }', variables: { v: (await product()).variantId, p: { amount: 1_234, currency: 'EUR' } } }),
  createBrand: async () => ({ query: 'mutation($n: String!) { createBrand(name: $n) { id name } }', variables: { n: unique('brand') } }),
  renameBrand: async () => ({ query: 'mutation($id: ID!, $n: String!) { renameBrand(id: $id, name: $n) { id name } }', variables: { id: await brand(), n: unique('renamed') } }),
  createCategory: async () => ({ query: 'mutation($n: String!) { createCategory(name: $n) { id name } }', variables: { n: unique('category') } }),
  renameCategory: async () => ({ query: 'mutation($id: ID!, $n: String!) { renameCategory(id: $id, name: $n) { id name } }', variables: { id: await category(), n: unique('renamed') } }),
  addProductCategory: async () => ({
    query: 'mutation($p: ID!, $c: ID!) { addProductCategory(productId: $p, categoryId: $c) { id } }',
    variables: { p: (await product()).productId, c: await category() },
  }),
  removeProductCategory: async () => {
    const { productId } = await product();
    const categoryId = await category();
    await testApp.client.data('mutation($p: ID!, $c: ID!) { addProductCategory(productId: $p, categoryId: $c) { id } }', { p: productId, c: categoryId });
    return { query: 'mutation($p: ID!, $c: ID!) { removeProductCategory(productId: $p, categoryId: $c) { id } }', variables: { p: productId, c: categoryId } };
  },
  setProductBrand: async () => ({ query: 'mutation($p: ID!, $b: ID) { setProductBrand(productId: $p, brandId: $b) { id } }', variables: { p: (await product()).productId, b: await brand() } }),
  createWarehouse: async () => ({ query: 'mutation($i: CreateWarehouseInput!) { createWarehouse(input: $i) { id code } }', variables: { i: { code: unique('WH'), name: 'Idempotent' } } }),
  addStorageLocation: async () => ({
    query: 'mutation($w: ID!, $i: AddStorageLocationInput!) { addStorageLocation(warehouseId: $w, input: $i) { id locations { code } } }',
    variables: { w: await warehouse(), i: { code: unique('LOC'), name: 'Shelf' } },
  }),
  receiveStock: async () => {
    const { sku } = await product();
    return { query: 'mutation($i: ReceiveStockInput!) { receiveStock(input: $i) { sku onHand } }', variables: { i: { sku, warehouseId: await warehouse(), quantity: 20 } } };
  },
  adjustStock: async () => {
    const { sku, warehouseId } = await stocked();
    return { query: 'mutation($i: AdjustStockInput!) { adjustStock(input: $i) { sku onHand } }', variables: { i: { sku, warehouseId, quantityChange: -3, reason: 'damaged' } } };
  },
  createOrder: async () => ({ query: 'mutation { createOrder { id status } }', variables: {} }),
  addOrderItem: async () => {
    const { variantId } = await stocked();
    const orderId = await draftOrder(testApp.client, []);
    return { query: 'mutation($o: ID!, $v: ID!, $q: Int!) { addOrderItem(orderId: $o, variantId: $v, quantity: $q) { id items { quantity } } }', variables: { o: orderId, v: variantId, q: 2 } };
  },
  changeOrderItemQuantity: async () => {
    const { orderId, variantId } = await draftWithItem();
    return { query: 'mutation($o: ID!, $v: ID!, $q: Int!) { changeOrderItemQuantity(orderId: $o, variantId: $v, quantity: $q) { id items { quantity } } }', variables: { o: orderId, v: variantId, q: 3 } };
  },
  removeOrderItem: async () => {
    const { orderId, variantId } = await draftWithItem();
    return { query: 'mutation($o: ID!, $v: ID!) { removeOrderItem(orderId: $o, variantId: $v) { id items { quantity } } }', variables: { o: orderId, v: variantId } };
  },
  cancelOrder: async () => ({ query: 'mutation($o: ID!, $r: String!) { cancelOrder(orderId: $o, reason: $r) { id status } }', variables: { o: (await draftWithItem()).orderId, r: 'changed my mind' } }),
  checkoutOrder: async () => ({
    query: 'mutation($o: ID!, $p: PaymentInput!, $k: String!) { checkoutOrder(orderId: $o, payment: $p, idempotencyKey: $k) { id status } }',
    variables: { o: (await draftWithItem()).orderId, p: { token: 'tok_visa' }, k: unique('checkout') },
  }),
  createShipment: async () => {
    const { orderId, lineVariantId } = await placed();
    return { query: 'mutation($o: ID!, $l: [ShipmentLineInput!]!, $c: String!) { createShipment(orderId: $o, lines: $l, carrier: $c) { id status } }', variables: { o: orderId, l: [{ variantId: lineVariantId, quantity: 1 }], c: 'DHL' } };
  },
  shipShipment: async () => {
    const { orderId, lineVariantId } = await placed();
    const shipment = await createShipment(testApp.client, orderId, [{ variantId: lineVariantId, quantity: 2 }]);
    return { query: 'mutation($s: ID!, $t: String!) { shipShipment(shipmentId: $s, trackingNumber: $t) { id status } }', variables: { s: shipment.id, t: unique('TRACK') } };
  },
  deliverShipment: async () => {
    const { orderId, lineVariantId } = await placed();
    const shipment = await createShipment(testApp.client, orderId, [{ variantId: lineVariantId, quantity: 2 }]);
    await shipShipment(testApp.client, shipment.id, unique('TRACK'));
    return { query: 'mutation($s: ID!) { deliverShipment(shipmentId: $s) { id status } }', variables: { s: shipment.id } };
  },
  cancelShipment: async () => {
    const { orderId, lineVariantId } = await placed();
    const shipment = await createShipment(testApp.client, orderId, [{ variantId: lineVariantId, quantity: 1 }]);
    return { query: 'mutation($s: ID!, $r: String) { cancelShipment(shipmentId: $s, reason: $r) { id status } }', variables: { s: shipment.id, r: 'OUT_OF_BOXES' } };
  },
  capturePayment: async () => ({ query: 'mutation($p: ID!, $a: MoneyInput!) { capturePayment(paymentId: $p, amount: $a) { id status } }', variables: { p: (await placed()).paymentId, a: MONEY } }),
  refundPayment: async () => {
    const { paymentId } = await placed();
    await testApp.client.data('mutation($p: ID!, $a: MoneyInput!) { capturePayment(paymentId: $p, amount: $a) { id } }', { p: paymentId, a: { amount: 2_000, currency: 'EUR' } });
    return { query: 'mutation($p: ID!, $a: MoneyInput!, $r: String!) { refundPayment(paymentId: $p, amount: $a, reason: $r) { id status } }', variables: { p: paymentId, a: MONEY, r: 'damaged' } };
  },
  voidPayment: async () => ({ query: 'mutation($p: ID!) { voidPayment(paymentId: $p) { id status } }', variables: { p: (await placed()).paymentId } }),
  createStaffAccount: async () => ({
    query: 'mutation($e: String!, $n: String!, $p: String!, $r: Role!) { createStaffAccount(email: $e, name: $n, password: $p, role: $r) { id email } }',
    variables: { e: `${randomUUID()}@staff.example`, n: 'Staff', p: 'correct horse battery', r: 'STAFF' },
  }),
  disableAccount: async () => ({ query: 'mutation($u: ID!) { disableAccount(userId: $u) { id } }', variables: { u: await staffAccount() } }),
  enableAccount: async () => {
    const userId = await staffAccount();
    await testApp.client.data('mutation($u: ID!) { disableAccount(userId: $u) { id } }', { u: userId });
    return { query: 'mutation($u: ID!) { enableAccount(userId: $u) { id } }', variables: { u: userId } };
  },
  changeAccountRole: async () => ({ query: 'mutation($u: ID!, $r: Role!) { changeAccountRole(userId: $u, role: $r) { id role } }', variables: { u: await staffAccount(), r: 'ADMIN' } }),
  changeEmail: async () => {
    const { token } = await customerSession();
    return {
      query: 'mutation($e: String!, $p: String!) { changeEmail(email: $e, currentPassword: $p) { id email } }',
      variables: { e: `${randomUUID()}@example.com`, p: PASSWORD },
      authorization: `Bearer ${token}`,
    };
  },
  requestPasswordReset: async () => ({
    query: 'mutation($s: String!, $e: String!) { requestPasswordReset(shop: $s, email: $e) }',
    variables: { s: 'demo', e: (await customerSession()).email },
    authorization: '',
  }),
  resetPassword: async () => {
    const { email } = await customerSession();
    await testApp.anonymous.data('mutation($e: String!) { requestPasswordReset(shop: "demo", email: $e) }', { e: email });
    return { query: 'mutation($t: String!, $n: String!) { resetPassword(token: $t, newPassword: $n) }', variables: { t: await mailedResetToken(email), n: 'another good passphrase' }, authorization: '' };
  },
  eraseCustomer: async () => {
    const { token } = await customerSession();
    const { me } = await httpClient(testApp.app.url, { authorization: `Bearer ${token}` }).data<{ me: { id: string } }>('{ me { id } }');
    return { query: 'mutation($c: ID!) { eraseCustomer(customerId: $c) { customerId } }', variables: { c: me.id } };
  },
  signOut: async () => ({
    query: 'mutation($t: String) { signOut(refreshToken: $t) }',
    variables: { t: (await customerSession()).refreshToken },
    authorization: '',
    appendsNoEvents: 'a session is a row of the sessions table',
  }),
  retryParkedEvent: async () => {
    const { orderId, position } = await parkedEvent();
    // The fix an operator would make: the read model gets the order the event belongs to.
    const now = new Date();
    await testApp.database.db('orders').insert({ tenant_id: 'demo', id: orderId, seq: position, status: 'DRAFT', version: 0, currency: null, total_amount: 0, items: JSON.stringify([]), created_at: now, updated_at: now });
    return { query: 'mutation($n: String!, $p: SafeInt!) { retryParkedEvent(projection: $n, position: $p) { position type } }', variables: { n: 'orders', p: position } };
  },
  skipParkedEvent: async () => ({ query: 'mutation($n: String!, $p: SafeInt!) { skipParkedEvent(projection: $n, position: $p) { position type } }', variables: { n: 'orders', p: (await parkedEvent()).position } }),
};

async function mutationNames(): Promise<string[]> {
  const { __type } = await testApp.client.data<{ __type: { fields: { name: string }[] } }>('{ __type(name: "Mutation") { fields { name } } }');
  return __type.fields.map((f) => f.name).sort();
}

describe('idempotency keys on every mutation', () => {
  it('has an example for every mutation of the schema, or an explicit exemption', async () => {
    expect(idempotencyExemptMutations).toEqual(['signIn', 'signUp', 'createShop', 'refreshSession', 'changePassword', 'signOutEverywhere']);
    expect(await mutationNames()).toEqual([...Object.keys(examples), ...idempotencyExemptMutations].sort());
  });

  it.each(Object.keys(examples))('%s: the same key and request answer the first answer again and append nothing; another request under the key is CONFLICT', async (name) => {
    const example = await examples[name]!();
    const key = randomUUID();

    const first = await send(example, key);
    expect(first.body.errors, `${name} must succeed the first time`).toBeUndefined();
    expect(first.replayed).toBe(false);
    if (!example.appendsNoEvents) expect(await eventsOf(first.correlationId), `${name} records its change`).toBeGreaterThan(0);

    const again = await send(example, key);
    expect(again.replayed).toBe(true);
    expect({ status: again.status, body: again.body }).toEqual({ status: first.status, body: first.body });
    // A replay runs nothing, so it appends nothing now or later: whatever the mutation appends, it appends before it answers.
    expect(await eventsOf(again.correlationId)).toBe(0);

    const other = await send(anotherRequest(example), key);
    expect(other.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'KEY_REUSED' });
    expect(other.body.data ?? null).toBeNull();
    expect(await eventsOf(other.correlationId)).toBe(0);
  });
});

const CREATE_BRAND = 'mutation($n: String!) { createBrand(name: $n) { id name } }';

async function keyRow(key: string) {
  return testApp.database.db('idempotency_keys').where({ key }).first();
}

async function brandsNamed(name: string): Promise<number> {
  const [{ count }] = await testApp.database.db('events').where({ event_type: 'BrandCreated' }).whereRaw("data->>'name' = ?", [name]).count<{ count: string }[]>({ count: '*' });
  return Number(count);
}

/** The advisory lock a SLOW- append waits for: the test holds it to keep the first attempt running. */
const SLOW_APPEND_LOCK = 711_001;

/**
 * Appends of a BrandCreated whose name starts with FAIL- fail as an unexpected error would, with
 * UNAVAILABLE- as a lost database connection would (SQLSTATE 08006), and with SLOW- wait for
 * SLOW_APPEND_LOCK.
 */
async function withTroubledAppends(run: () => Promise<void>) {
  const db = testApp.database.db;
  await db.raw(`
    CREATE FUNCTION idempotency_test_trouble() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.event_type = 'BrandCreated' AND NEW.data->>'name' LIKE 'FAIL-%' THEN RAISE EXCEPTION 'simulated failure'; END IF;
      IF NEW.event_type = 'BrandCreated' AND NEW.data->>'name' LIKE 'UNAVAILABLE-%' THEN RAISE EXCEPTION 'simulated lost connection' USING ERRCODE = '08006'; END IF;
      IF NEW.event_type = 'BrandCreated' AND NEW.data->>'name' LIKE 'SLOW-%' THEN PERFORM pg_advisory_xact_lock(${SLOW_APPEND_LOCK}); END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER idempotency_test_trouble BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION idempotency_test_trouble();
  `);
  try {
    await run();
  } finally {
    await db.raw('DROP TRIGGER idempotency_test_trouble ON events; DROP FUNCTION idempotency_test_trouble()');
  }
}

describe('idempotency keys: what repeats and what does not', () => {
  it('repeats a refusal: the same BAD_USER_INPUT again, appending nothing', async () => {
    const { sku } = await product();
    const example = { query: 'mutation($i: ReceiveStockInput!) { receiveStock(input: $i) { sku onHand } }', variables: { i: { sku, warehouseId: await warehouse(), quantity: -5 } } };
    const key = randomUUID();
    const first = await send(example, key);
    expect(first.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const again = await send(example, key);
    expect(again.replayed).toBe(true);
    expect({ status: again.status, body: again.body }).toEqual({ status: first.status, body: first.body });
    expect(await eventsOf(first.correlationId)).toBe(0);
    expect(await eventsOf(again.correlationId)).toBe(0);
  });

  it.each([
    ['INTERNAL_SERVER_ERROR', 'FAIL'],
    ['SERVICE_UNAVAILABLE', 'UNAVAILABLE'],
  ])('gives the key back after %s, so the retry runs and succeeds', async (code, prefix) => {
    const key = randomUUID();
    const name = unique(prefix);
    let failed: Answer | undefined;
    await withTroubledAppends(async () => {
      failed = await send({ query: CREATE_BRAND, variables: { n: name } }, key);
    });
    expect(failed!.body.errors?.[0]?.extensions?.code).toBe(code);
    expect(await keyRow(key)).toBeUndefined();
    expect(await brandsNamed(name)).toBe(0);

    const retried = await send({ query: CREATE_BRAND, variables: { n: name } }, key);
    expect(retried.body.errors).toBeUndefined();
    expect(retried.replayed).toBe(false);
    expect(retried.body.data?.createBrand.name).toBe(name);
    expect(await brandsNamed(name)).toBe(1);
    expect(await keyRow(key)).toMatchObject({ state: 'done' });
  });

  it('makes a retry that arrives while the first attempt runs wait for it, then answers its answer', async () => {
    await withTroubledAppends(async () => {
      const key = randomUUID();
      const example = { query: CREATE_BRAND, variables: { n: unique('SLOW') } };
      // A connection of the test's own holds the lock the first attempt's append waits for.
      const gate = await testApp.database.db.client.acquireConnection();
      try {
        await gate.query('SELECT pg_advisory_lock($1)', [SLOW_APPEND_LOCK]);
        const first = send(example, key);
        await vi.waitFor(async () => expect(await keyRow(key)).toMatchObject({ state: 'in_progress' }), { timeout: EVENTUALLY_MS, interval: 10 });
        const second = send(example, key);
        // Positive signal: the retry found the key held and waits.
        await vi.waitFor(() => expect(keyLog.some((line) => line.key === key && /waiting for its answer/.test(line.msg))).toBe(true), { timeout: EVENTUALLY_MS, interval: 10 });
        await gate.query('SELECT pg_advisory_unlock($1)', [SLOW_APPEND_LOCK]);
        const [answered, retried] = await Promise.all([first, second]);
        expect(answered.body.errors).toBeUndefined();
        expect(retried.replayed).toBe(true);
        expect(retried.body).toEqual(answered.body);
        expect(await eventsOf(retried.correlationId)).toBe(0);
        expect(await brandsNamed(example.variables.n)).toBe(1);
      } finally {
        await gate.query('SELECT pg_advisory_unlock_all()');
        await testApp.database.db.client.releaseConnection(gate);
      }
    });
  });

  it('answers CONFLICT IN_PROGRESS when the first attempt is still running after the wait, and lets a retry take over an attempt abandoned by a crashed server', async () => {
    const key = randomUUID();
    const example = { query: CREATE_BRAND, variables: { n: unique('brand') } };
    const first = await send(example, key);
    // As if the server had died after claiming the key and before answering.
    await testApp.database.db('idempotency_keys').where({ key }).update({ state: 'in_progress', response: null, http_status: null });
    const waited = await send(example, key);
    expect(waited.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'IN_PROGRESS' });
    expect(await eventsOf(waited.correlationId)).toBe(0);

    await testApp.database.db('idempotency_keys').where({ key }).update({ claimed_at: testApp.database.db.raw("now() - interval '3 minutes'") });
    const takenOver = await send(example, key);
    expect(takenOver.replayed).toBe(false);
    // It runs again: the brand exists now, which its own decider says.
    expect(takenOver.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(takenOver.body.errors?.[0]?.extensions?.reason).toBeUndefined();
    expect(first.body.errors).toBeUndefined();
  }, 15_000);

  it('forgets a key once it expires: the key may then name another request', async () => {
    const key = randomUUID();
    await send({ query: CREATE_BRAND, variables: { n: unique('brand') } }, key);
    await testApp.database.db('idempotency_keys').where({ key }).update({ created_at: testApp.database.db.raw("now() - interval '25 hours'") });
    const name = unique('brand');
    const reused = await send({ query: CREATE_BRAND, variables: { n: name } }, key);
    expect(reused.body.errors).toBeUndefined();
    expect(reused.replayed).toBe(false);
    expect(await brandsNamed(name)).toBe(1);
  });

  it('scopes keys to the caller: another account with the same key and request runs its own', async () => {
    const key = randomUUID();
    const example = { query: 'mutation { createOrder { id } }', variables: {} };
    const mine = await send(example, key);
    const other = await testApp.clientAs('CUSTOMER');
    const theirs = await send(example, key, undefined, other.authorization);
    expect(theirs.replayed).toBe(false);
    expect(theirs.body.data?.createOrder.id).not.toBe(mine.body.data?.createOrder.id);
    expect(await eventsOf(theirs.correlationId)).toBeGreaterThan(0);
  });

  it('takes no key for a mutation another check refuses before it runs (a limit)', async () => {
    const key = randomUUID();
    const tooMany = `mutation { ${Array.from({ length: 21 }, (_, i) => `o${i}: createOrder { id }`).join(' ')} }`;
    const refused = await send({ query: tooMany, variables: {} }, key);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('TOO_MANY_ROOT_FIELDS');
    expect(await eventsOf(refused.correlationId)).toBe(0);
    // The key is free: another request may use it (a key left held would answer CONFLICT).
    const name = unique('brand');
    const next = await send({ query: CREATE_BRAND, variables: { n: name } }, key);
    expect(next.body.errors).toBeUndefined();
    expect(await brandsNamed(name)).toBe(1);
  });

  it("takes the key from an HTTP operation's extensions too", async () => {
    const key = randomUUID();
    const name = unique('brand');
    const post = async () => {
      const response = await fetch(`${testApp.app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: testApp.adminAuthorization },
        body: JSON.stringify({ query: CREATE_BRAND, variables: { n: name }, extensions: { idempotencyKey: key } }),
      });
      return { replayed: response.headers.get('idempotent-replayed'), body: await response.json() };
    };
    const first = await post();
    expect(first.body.errors).toBeUndefined();
    expect(await post()).toEqual({ replayed: 'true', body: first.body });
    expect(await brandsNamed(name)).toBe(1);
  });

  it('ignores the key on queries', async () => {
    const key = randomUUID();
    const answer = await send({ query: '{ __typename }', variables: {} }, key);
    expect(answer.body.data).toEqual({ __typename: 'Query' });
    expect(await keyRow(key)).toBeUndefined();
  });

  it('refuses a malformed key before anything runs', async () => {
    const answer = await send({ query: CREATE_BRAND, variables: { n: unique('brand') } }, 'x'.repeat(256));
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await eventsOf(answer.correlationId)).toBe(0);
  });

  it('exempts signIn, signUp, createShop, refreshSession, changePassword (their answers carry tokens) and signOutEverywhere: the key is ignored, and a retry appends nothing all the same', async () => {
    const email = `${randomUUID()}@example.com`;
    const signUp = { query: 'mutation($e: String!) { signUp(shop: "demo", email: $e, name: "Retry", password: "correct horse battery") { token } }', variables: { e: email } };
    const key = randomUUID();
    const first = await send(signUp, key, undefined, '');
    expect(first.body.errors).toBeUndefined();
    const again = await send(signUp, key, undefined, '');
    expect(again.replayed).toBe(false);
    expect(again.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await eventsOf(again.correlationId)).toBe(0);

    const signIn = await send({ query: 'mutation($e: String!) { signIn(shop: "demo", email: $e, password: "correct horse battery") { token } }', variables: { e: email } }, key, undefined, '');
    expect(signIn.body.errors).toBeUndefined();

    const slug = `idem-${randomUUID().slice(0, 8)}`;
    const createShop = { query: 'mutation($s: String!, $e: String!) { createShop(slug: $s, name: "Retry shop", owner: { email: $e, name: "Owner", password: "correct horse battery" }) { token } }', variables: { s: slug, e: email } };
    expect((await send(createShop, key, undefined, '')).body.errors).toBeUndefined();
    const shopAgain = await send(createShop, key, undefined, '');
    expect(shopAgain.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await eventsOf(shopAgain.correlationId)).toBe(0);

    const session = await customerSession();
    const refreshed = await send({ query: 'mutation($t: String!) { refreshSession(refreshToken: $t) { token } }', variables: { t: session.refreshToken } }, key, undefined, '');
    expect(refreshed.body.errors).toBeUndefined();
    const passwordChanged = { query: 'mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { token } }', variables: { c: PASSWORD, n: 'another good passphrase' } };
    const withOldToken = `Bearer ${(await customerSession()).token}`;
    const changed = await send(passwordChanged, key, undefined, withOldToken);
    expect(changed.body.errors).toBeUndefined();
    const changedAgain = await send(passwordChanged, key, undefined, withOldToken);
    expect(changedAgain.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await eventsOf(changedAgain.correlationId)).toBe(0);

    const everywhere = { query: 'mutation { signOutEverywhere }', variables: {} };
    const signedOut = await send(everywhere, key, undefined, `Bearer ${refreshed.body.data?.refreshSession.token}`);
    expect(signedOut.body.data).toEqual({ signOutEverywhere: true });
    const signedOutAgain = await send(everywhere, key, undefined, `Bearer ${refreshed.body.data?.refreshSession.token}`);
    expect(signedOutAgain.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await eventsOf(signedOutAgain.correlationId)).toBe(0);
    expect(await keyRow(key)).toBeUndefined();

    // Mixed with a mutation a key covers, the key would have to keep a token: refused.
    const mixed = await send({ query: 'mutation($e: String!) { createOrder { id } signIn(shop: "demo", email: $e, password: "correct horse battery") { token } }', variables: { e: email } }, key);
    expect(mixed.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await eventsOf(mixed.correlationId)).toBe(0);
  });

  it('lets cross-origin pages send a key and read whether an answer was replayed', async () => {
    const origin = 'https://shop.example';
    const preflight = await fetch(`${testApp.app.url}/graphql`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, idempotency-key' } });
    expect(preflight.headers.get('access-control-allow-headers')).toContain('idempotency-key');
    const answer = await fetch(`${testApp.app.url}/graphql`, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(answer.headers.get('access-control-expose-headers')).toContain('idempotent-replayed');
  });

  it('works over graphql-ws with extensions.idempotencyKey', async () => {
    const socket = testApp.ws();
    const run = (variables: Record<string, unknown>, idempotencyKey: string) =>
      new Promise<GraphQLResponse>((resolve, reject) => {
        let result: GraphQLResponse | undefined;
        socket.subscribe({ query: CREATE_BRAND, variables, extensions: { idempotencyKey } }, { next: (value) => (result = value as GraphQLResponse), error: reject, complete: () => resolve(result!) });
      });
    try {
      const key = randomUUID();
      const name = unique('brand');
      const first = await run({ n: name }, key);
      expect(first.errors).toBeUndefined();
      expect(await run({ n: name }, key)).toEqual(first);
      expect(await brandsNamed(name)).toBe(1);
      const other = await run({ n: unique('brand') }, key);
      expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'KEY_REUSED' });

      // A refusal over the socket is kept as sent, and sent again the same.
      const refusedKey = randomUUID();
      const refused = await run({ n: '' }, refusedKey);
      expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(await run({ n: '' }, refusedKey)).toEqual(refused);
    } finally {
      await socket.dispose();
    }
  });
});
