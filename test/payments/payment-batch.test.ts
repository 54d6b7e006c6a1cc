import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../server/src/eventstore/types';
import { paymentProjection } from '../../server/src/payments/payment-projection';
import type { ReadModelChange } from '../../server/src/projector/projection';
import { createTestDatabase, type TestDatabase } from '../support/database';

let oneByOne: TestDatabase;
let batched: TestDatabase;

beforeAll(async () => {
  [oneByOne, batched] = await Promise.all([createTestDatabase(), createTestDatabase()]);
});
afterAll(() => Promise.all([oneByOne.drop(), batched.drop()]));

const pay = (n: number) => `00000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`;
const order = (n: number) => `00000000-0000-4000-9000-0000000000${String(n).padStart(2, '0')}`;
const eur = (amount: number) => ({ amount, currency: 'EUR' });

/** Every kind of payment event, for payments in two shops (one id in both), several in one batch. */
function story(): RecordedEvent[] {
  const events: [string, string, Record<string, unknown>][] = [];
  for (const tenant of ['shop-a', 'shop-b']) {
    events.push(
      [tenant, 'PaymentCreated', { paymentId: pay(1), orderId: order(1), amount: eur(5000) }],
      [tenant, 'PaymentCreated', { paymentId: pay(2), orderId: order(2), amount: eur(1200) }],
      [tenant, 'PaymentAuthorized', { paymentId: pay(1), amount: eur(5000), authorizationId: 'auth-1' }],
      [tenant, 'PaymentDeclined', { paymentId: pay(2), declineCode: 'do_not_honor', bank: 'Bank of Testland', message: 'no' }],
      [tenant, 'PaymentCaptured', { paymentId: pay(1), amount: eur(2000), totalCaptured: eur(2000) }],
      [tenant, 'PaymentCaptured', { paymentId: pay(1), amount: eur(3000), totalCaptured: eur(5000) }],
      [tenant, 'PaymentRefunded', { paymentId: pay(1), amount: eur(500), totalRefunded: eur(500), reason: 'scratched' }],
      [tenant, 'PaymentCreated', { paymentId: pay(3), orderId: order(3), amount: eur(700) }],
      [tenant, 'PaymentAuthorized', { paymentId: pay(3), amount: eur(700), authorizationId: 'auth-3' }],
      [tenant, 'PaymentVoided', { paymentId: pay(3) }],
    );
  }
  return events.map(([tenantId, type, data], i) => ({
    position: i + 1,
    transactionId: String(1000 + i),
    tenantId,
    streamId: `payment-${String(data.paymentId)}`,
    streamType: 'Payment',
    streamVersion: 1,
    type,
    data,
    metadata: {},
    recordedAt: new Date(Date.UTC(2026, 10, 30, 12, 0, i)),
  }));
}

const rows = (database: TestDatabase) => database.db('payments').orderBy(['tenant_id', 'id']).select();

describe('the payment projection applied a batch at a time', () => {
  it('builds exactly the rows and changes that applying its events one by one builds, in two statements', async () => {
    const events = story();
    const changesOneByOne: ReadModelChange[] = [];
    const changesBatched: ReadModelChange[] = [];
    for (const event of events) {
      await oneByOne.db.transaction((trx) => paymentProjection.apply(event, { trx, changed: (c) => changesOneByOne.push(c) }));
    }
    const statements: string[] = [];
    const onQuery = (query: { sql: string }) => statements.push(query.sql);
    batched.db.on('query', onQuery);
    try {
      await batched.db.transaction((trx) => paymentProjection.applyBatch!(events, { trx, changed: (c) => changesBatched.push(c) }));
    } finally {
      batched.db.off('query', onQuery);
    }
    // Every payment of the batch is created in it: nothing to read, one upsert.
    expect(statements.filter((sql) => sql.includes('payments'))).toHaveLength(1);

    const expected = await rows(oneByOne);
    expect(expected).toHaveLength(6);
    expect(expected.filter((r) => r.tenant_id === 'shop-a')).toMatchObject([
      { id: pay(1), status: 'PARTIALLY_REFUNDED', amount_authorized: 5000, amount_captured: 5000, amount_refunded: 500 },
      { id: pay(2), status: 'DECLINED', decline_code: 'do_not_honor', bank: 'Bank of Testland' },
      { id: pay(3), status: 'VOIDED', amount_authorized: 700 },
    ]);
    expect(await rows(batched)).toEqual(expected);
    expect(changesBatched).toEqual(changesOneByOne);
  });

  it('reads the payments a batch changes once, whatever the number of their events', async () => {
    const later: RecordedEvent[] = ['shop-a', 'shop-b'].flatMap((tenantId, t) =>
      [1, 2, 3].map((n, i) => ({
        position: 100 + t * 3 + i,
        transactionId: String(2000 + t * 3 + i),
        tenantId,
        streamId: `payment-${pay(n)}`,
        streamType: 'Payment',
        streamVersion: 9,
        type: 'PaymentVoided',
        data: { paymentId: pay(n) },
        metadata: {},
        recordedAt: new Date(Date.UTC(2026, 10, 30, 13, 0, t * 3 + i)),
      })),
    );
    const statements: string[] = [];
    const onQuery = (query: { sql: string }) => statements.push(query.sql);
    batched.db.on('query', onQuery);
    try {
      await batched.db.transaction((trx) => paymentProjection.applyBatch!(later, { trx, changed: () => {} }));
    } finally {
      batched.db.off('query', onQuery);
    }
    expect(statements.filter((sql) => sql.includes('payments'))).toHaveLength(2);
    expect((await rows(batched)).map((r) => r.status)).toEqual(Array(6).fill('VOIDED'));
  });
});
