import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allProjections } from '../../server/src/app/contexts';
import { rebuildProjection } from '../../server/src/projector/rebuild';
import { startTestApp, type TestApp } from '../support/app';
import { checkout, draftOrder, settledOrder, stockedProduct, stockLevel } from '../support/checkout-fixtures';
import { EVENTUALLY_MS } from '../support/eventually';
import { httpClient, type HttpClient } from '../support/graphql-client';
import { allProjectedUpToNow } from '../support/log-position';
import { signIn, signUp, ME } from '../accounts/account-operations';
import { newId } from '../../server/src/shared/ids';

let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(() => testApp.stop());

const ERASE = 'mutation($id: ID!) { eraseCustomer(customerId: $id) { customerId erasedAt } }';
const ORDER_VIEW = `query($id: ID!) { order(id: $id) { id status total { amount currency } items { sku quantity } customer { id name email } history { type data actor } } }`;
const PAST_ORDER = `query($id: ID!, $version: Int) { order(id: $id, version: $version) { id status customer { name email } history { type data } } }`;
const NOTIFICATIONS = 'query($id: ID!) { notifications(orderId: $id) { recipient subject body data } }';

/** Every row of every table of the database, as text, that contains `needle` (ignoring case): "table: row". */
async function rowsContaining(needle: string): Promise<string[]> {
  const db = testApp.database.db;
  const tables: string[] = (
    await db.raw<{ rows: { table_name: string }[] }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1")
  ).rows.map((row) => row.table_name);
  const found: string[] = [];
  for (const table of tables) {
    const { rows } = await db.raw<{ rows: { row: string }[] }>(`SELECT t::text AS row FROM "${table}" t WHERE strpos(lower(t::text), lower(?)) > 0`, [needle]);
    found.push(...rows.map((row) => `${table}: ${row.row}`));
  }
  return found;
}

/** What the API answers about the customer's order, to the staff and to the customer: joined as one text. */
async function apiAnswers(orderId: string, customer: HttpClient): Promise<string> {
  const answers = await Promise.all([
    testApp.client.request(ORDER_VIEW, { id: orderId }),
    testApp.client.request(PAST_ORDER, { id: orderId, version: 2 }),
    testApp.client.request(NOTIFICATIONS, { id: orderId }),
    testApp.client.request('{ orders(first: 50) { edges { node { id customer { name email } } } } }'),
    customer.request(ME),
    customer.request('{ orders(first: 10) { edges { node { id customer { name email } history { data } } } } }'),
  ]);
  return JSON.stringify(answers);
}

describe('eraseCustomer', () => {
  it("leaves the customer's name and email in no table and no API answer, also after a rebuild from scratch, while orders, money and stock stay", async () => {
    const suffix = randomBytes(4).toString('hex');
    const name = `Erin Erasable${suffix}`;
    const email = `erin.${suffix}@erasure.example`;
    const sku = `ERASE-${suffix}`;
    const { variantId } = await stockedProduct(testApp.client, `E${suffix}`, { [sku]: { amount: 1250, stock: 10 } });

    const signedUp = await signUp(testApp.anonymous, { email, name, password: 'erin passphrase' });
    const customerId = signedUp.user.id;
    const customer = httpClient(testApp.app.url, { authorization: `Bearer ${signedUp.token}` });
    const orderId = await draftOrder(customer, [{ variantId: variantId(sku), quantity: 3 }]);
    // A mutation's answer kept for its retries names them.
    const retrying = httpClient(testApp.app.url, { authorization: `Bearer ${signedUp.token}`, 'idempotency-key': `erase-${suffix}` });
    expect((await retrying.data<{ createOrder: any }>('mutation { createOrder { id customer { name email } } }')).createOrder.customer.email).toBe(email);
    expect((await checkout(customer, orderId, 'tok_visa', `erase-${suffix}`)).errors).toBeUndefined();
    const placed = await settledOrder(customer, orderId);
    expect(placed.status).toBe('PLACED');
    // The placed order's message is out: the mailbox has something of theirs to scrub.
    await expect.poll(async () => (await testApp.client.data<{ notifications: unknown[] }>(NOTIFICATIONS, { id: orderId })).notifications.length, { timeout: EVENTUALLY_MS }).toBeGreaterThan(0);
    await allProjectedUpToNow(testApp);
    const stockBefore = await stockLevel(testApp.client, sku);

    // A message addressed to them by name, as a sender writing to the account's address does.
    await testApp.database.db('notifications').insert({
      id: newId(),
      tenant_id: 'demo',
      order_id: orderId,
      kind: 'ORDER_PLACED',
      event_position: 0,
      recipient: email,
      subject: `Thank you, ${name}`,
      body: `Dear ${name}, we sent this to ${email}.`,
      data: JSON.stringify({ orderId, to: { name, email } }),
      created_at: new Date(),
    });
    // And one about their account (no order), addressed to them, its data naming only the account.
    await testApp.database.db('notifications').insert({
      id: newId(),
      tenant_id: 'demo',
      order_id: null,
      kind: 'PASSWORD_RESET',
      event_position: 0,
      recipient: email,
      subject: 'Your password reset',
      body: `Hello ${name}, here is your link.`,
      data: JSON.stringify({ userId: customerId }),
      created_at: new Date(),
    });
    // The scan can find them: the read model holds them until the erasure, the log only encrypted.
    expect((await rowsContaining(email)).some((row) => row.startsWith('users: '))).toBe(true);
    expect((await rowsContaining(name)).some((row) => row.startsWith('users: '))).toBe(true);
    expect((await rowsContaining(name)).some((row) => row.startsWith('notifications: '))).toBe(true);
    expect((await rowsContaining(email)).some((row) => row.startsWith('idempotency_keys: '))).toBe(true);
    expect((await rowsContaining(email)).filter((row) => row.startsWith('events: '))).toEqual([]);
    expect((await rowsContaining(name)).filter((row) => row.startsWith('events: '))).toEqual([]);
    expect(await apiAnswers(orderId, customer)).toContain(email);

    const { eraseCustomer } = await customer.data<{ eraseCustomer: { customerId: string } }>(ERASE, { id: customerId });
    expect(eraseCustomer.customerId).toBe(customerId);
    await allProjectedUpToNow(testApp);

    expect(await rowsContaining(email)).toEqual([]);
    expect(await rowsContaining(name)).toEqual([]);
    const answers = await apiAnswers(orderId, customer);
    expect(answers).not.toContain(email);
    expect(answers.toLowerCase()).not.toContain(name.toLowerCase());
    const afterErasure = (await testApp.client.data<{ order: any }>(ORDER_VIEW, { id: orderId })).order;
    expect(afterErasure.customer).toEqual({ id: customerId, name: '[erased]', email: '[erased]' });
    expect(afterErasure.total).toEqual(placed.total);
    expect(afterErasure.status).toBe('PLACED');
    // Their sessions ended with the erasure.
    expect((await customer.error(ME)).code).toBe('UNAUTHENTICATED');

    // Every read model rebuilt from the events alone: still nothing of them, the books unchanged.
    for (const projection of allProjections) await rebuildProjection(testApp.database.db, testApp.app.store, projection);
    expect(await rowsContaining(email)).toEqual([]);
    expect(await rowsContaining(name)).toEqual([]);
    const rebuiltAnswers = await apiAnswers(orderId, customer);
    expect(rebuiltAnswers).not.toContain(email);
    expect(rebuiltAnswers.toLowerCase()).not.toContain(name.toLowerCase());
    const rebuilt = (await testApp.client.data<{ order: any }>(ORDER_VIEW, { id: orderId })).order;
    expect({ status: rebuilt.status, total: rebuilt.total, items: rebuilt.items, customer: rebuilt.customer }).toEqual({
      status: 'PLACED',
      total: placed.total,
      items: [{ sku, quantity: 3 }],
      customer: { id: customerId, name: '[erased]', email: '[erased]' },
    });
    expect(await stockLevel(testApp.client, sku)).toEqual(stockBefore);
    expect(stockBefore).toMatchObject({ onHand: 10, available: 7 });

    // The account is gone for sign-in, and its address is free for a new account.
    const refused = await testApp.anonymous.error('mutation($e: String!) { signIn(shop: "demo", email: $e, password: "erin passphrase") { token } }', { e: email });
    expect(refused.code).toBe('UNAUTHENTICATED');
    const again = await signUp(testApp.anonymous, { email, name: 'Erin Again', password: 'another passphrase' });
    expect(again.user.id).not.toBe(customerId);
    expect((await signIn(testApp.anonymous, { email, password: 'another passphrase' })).user.id).toBe(again.user.id);
  });

  it('is for an ADMIN, or the customer themselves: another customer gets NOT_FOUND, STAFF FORBIDDEN, a staff account INVALID_STATE', async () => {
    const suffix = randomBytes(4).toString('hex');
    const target = await signUp(testApp.anonymous, { email: `target.${suffix}@erasure.example`, name: `Target ${suffix}` });
    const other = await signUp(testApp.anonymous, { email: `other.${suffix}@erasure.example`, name: `Other ${suffix}` });
    const otherClient = httpClient(testApp.app.url, { authorization: `Bearer ${other.token}` });
    expect((await otherClient.error(ERASE, { id: target.user.id })).code).toBe('NOT_FOUND');
    const staff = await testApp.clientAs('STAFF');
    expect((await staff.client.error(ERASE, { id: target.user.id })).code).toBe('FORBIDDEN');
    expect((await testApp.anonymous.error(ERASE, { id: target.user.id })).code).toBe('UNAUTHENTICATED');
    const { createStaffAccount } = await testApp.client.data<{ createStaffAccount: { id: string } }>(
      'mutation($e: String!) { createStaffAccount(email: $e, password: "staff passphrase", name: "Sam Staff", role: STAFF) { id } }',
      { e: `staff.${suffix}@erasure.example` },
    );
    expect((await testApp.client.error(ERASE, { id: createStaffAccount.id })).code).toBe('INVALID_STATE');
    expect((await testApp.client.error(ERASE, { id: '00000000-0000-4000-8000-000000000000' })).code).toBe('NOT_FOUND');
    const events = await testApp.database.db('events').where({ event_type: 'CustomerErased' }).whereRaw("data->>'customerId' = ?", [target.user.id]);
    expect(events).toEqual([]);

    // An ADMIN erases; asking again records nothing more.
    await testApp.client.data(ERASE, { id: target.user.id });
    await testApp.client.data(ERASE, { id: target.user.id });
    const erased = await testApp.database.db('events').where({ event_type: 'CustomerErased' }).whereRaw("data->>'customerId' = ?", [target.user.id]);
    expect(erased).toHaveLength(1);
    expect(await rowsContaining(`target.${suffix}@erasure.example`)).toEqual([]);
  });
});

describe('exportMyData', () => {
  it('gives the calling customer their account, orders with items and totals, payment status and notifications as JSON', async () => {
    const suffix = randomBytes(4).toString('hex');
    const sku = `EXPORT-${suffix}`;
    const { variantId } = await stockedProduct(testApp.client, `X${suffix}`, { [sku]: { amount: 700, stock: 5 } });
    const me = await signUp(testApp.anonymous, { email: `export.${suffix}@erasure.example`, name: `Exporting ${suffix}` });
    const customer = httpClient(testApp.app.url, { authorization: `Bearer ${me.token}` });
    const orderId = await draftOrder(customer, [{ variantId: variantId(sku), quantity: 2 }]);
    await checkout(customer, orderId, 'tok_visa', `export-${suffix}`);
    expect((await settledOrder(customer, orderId)).status).toBe('PLACED');
    await expect.poll(async () => (await testApp.client.data<{ notifications: unknown[] }>(NOTIFICATIONS, { id: orderId })).notifications.length, { timeout: EVENTUALLY_MS }).toBeGreaterThan(0);
    // Someone else's order is not theirs to export.
    const stranger = await testApp.clientAs('CUSTOMER');
    await draftOrder(stranger.client, [{ variantId: variantId(sku), quantity: 1 }]);

    const { exportMyData } = await customer.data<{ exportMyData: any }>('{ exportMyData }');
    expect(exportMyData.account).toMatchObject({ id: me.user.id, email: `export.${suffix}@erasure.example`, name: `Exporting ${suffix}`, role: 'CUSTOMER' });
    expect(exportMyData.orders).toHaveLength(1);
    expect(exportMyData.orders[0]).toMatchObject({
      id: orderId,
      status: 'PLACED',
      items: [{ sku, quantity: 2, unitPrice: { amount: 700, currency: 'EUR' }, lineTotal: { amount: 1400, currency: 'EUR' } }],
      total: { amount: 1400, currency: 'EUR' },
      payment: { status: expect.any(String), amount: { amount: 1400, currency: 'EUR' } },
      shipments: [],
    });
    expect(exportMyData.notifications.length).toBeGreaterThan(0);
    expect(exportMyData.notifications.every((n: { orderId: string }) => n.orderId === orderId)).toBe(true);
    expect((await testApp.anonymous.error('{ exportMyData }')).code).toBe('UNAUTHENTICATED');
  });
});
