import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { draftOrder, settledOrder, stockedProduct } from '../support/checkout-fixtures';

let testApp: TestApp;
const lines: Record<string, any>[] = [];

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      done();
    },
  });
  testApp = await startTestApp({ logger: pino({ level: 'info' }, sink) });
});
afterAll(() => testApp.stop());

async function post(query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
  const response = await fetch(`${testApp.app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: testApp.adminAuthorization, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { response, body: (await response.json()) as { data?: any; errors?: any[] } };
}

describe('one correlation id per request, end to end', () => {
  it('logs each operation with its name, type, duration, user, shop and correlation id, and answers with the id', async () => {
    const correlationId = `client-${randomUUID()}`;
    const { response, body } = await post('mutation CreateWarehouseForLog($code: String!, $name: String!) { createWarehouse(input: { code: $code, name: $name }) { id } }', { code: 'LOG-1', name: 'Log' }, { 'x-correlation-id': correlationId });
    expect(body.errors).toBeUndefined();
    expect(response.headers.get('x-correlation-id')).toBe(correlationId);
    const line = lines.find((l) => l.msg === 'graphql operation' && l.correlationId === correlationId);
    expect(line).toMatchObject({ operationName: 'CreateWarehouseForLog', operationType: 'mutation', shop: 'demo', user: expect.stringMatching(/^user:/) });
    expect(line!.durationMs).toBeGreaterThan(0);
    // The events the operation caused carry the same id.
    const events = await testApp.database.db('events').whereRaw("metadata->>'correlationId' = ?", [correlationId]).select('event_type');
    expect(events.map((e) => e.event_type)).toContain('WarehouseCreated');
  });

  it('gives a request without a usable id a new one (a header that is not a plain token is not trusted)', async () => {
    const { response } = await post('{ __typename }', {}, { 'x-correlation-id': 'bad id with spaces' });
    const issued = response.headers.get('x-correlation-id');
    expect(issued).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.some((l) => l.correlationId === issued && l.operationType === 'query')).toBe(true);
  });

  it("carries a checkout's correlation id into every event the checkout process writes on its behalf", async () => {
    const { variantId } = await stockedProduct(testApp.client, 'CORR-1', { 'CORR-SKU': { amount: 1200, stock: 5 } });
    const orderId = await draftOrder(testApp.client, [{ variantId: variantId('CORR-SKU'), quantity: 1 }]);
    const correlationId = `checkout-${randomUUID()}`;
    const { body } = await post(
      'mutation($o: ID!, $t: String!, $k: String!) { checkoutOrder(orderId: $o, payment: { token: $t }, idempotencyKey: $k) { id } }',
      { o: orderId, t: 'tok_visa', k: randomUUID() },
      { 'x-correlation-id': correlationId },
    );
    expect(body.errors).toBeUndefined();
    expect((await settledOrder(testApp.client, orderId)).status).toBe('PLACED');
    const events = await testApp.database.db('events').whereRaw("metadata->>'correlationId' = ?", [correlationId]).select('event_type', 'metadata');
    const types = events.map((e) => e.event_type);
    // The request's own event and the ones the checkout process wrote later, reservation to placing.
    expect(types).toEqual(expect.arrayContaining(['CheckoutRequested', 'StockReserved', 'PaymentAuthorized', 'OrderPlaced']));
    expect(events.filter((e) => e.metadata.actor === 'checkout-process').length).toBeGreaterThan(0);
  });
});
