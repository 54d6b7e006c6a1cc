import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../server/src/commands/command-context';
import { newId } from '../../server/src/shared/ids';
import { PaymentsService } from '../../server/src/payments/payments-service';
import { simulatedBankFor } from '../../server/src/payments/simulated-gateway';
import { startTestApp, type TestApp } from '../support/app';
import { expectRejected } from '../support/rejections';
import { ScriptedDeclineGateway } from './gateway-fakes';

let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(() => testApp?.stop());

const ctx: CommandContext = { tenantId: 'demo', metadata: { actor: 'payments-api-test' } };
const eur = (amount: number) => ({ amount, currency: 'EUR' });
const MONEY = '{ amount currency }';
const PAYMENT_FIELDS = `id orderId status amount ${MONEY} amountAuthorized ${MONEY} amountCaptured ${MONEY} amountRefunded ${MONEY} declineCode bank createdAt updatedAt`;

/** Waits until both payment projections have applied every event committed so far. */
async function projected() {
  const { rows } = await testApp.database.db.raw<{ rows: { xid: string; global_position: number }[] }>(
    // Ordered by the xid8 column itself: ordering by its text form would put "988" after "1031".
    'SELECT transaction_id::text AS xid, global_position FROM events ORDER BY events.transaction_id DESC, global_position DESC LIMIT 1',
  );
  const head = { transactionId: rows[0]!.xid, position: Number(rows[0]!.global_position) };
  await testApp.app.projector.waitFor('payments', head);
  await testApp.app.projector.waitFor('payment_declines', head);
}

async function payment(amount: number, token = 'tok_visa', currency = 'EUR') {
  const paymentId = newId();
  const orderId = newId();
  const outcome = await testApp.app.payments.service.authorize({ paymentId, orderId, amount: { amount, currency }, token }, ctx);
  return { paymentId, orderId, outcome };
}

const CAPTURE = `mutation($id: ID!, $amount: MoneyInput!) { capturePayment(paymentId: $id, amount: $amount) { ${PAYMENT_FIELDS} } }`;
const REFUND = `mutation($id: ID!, $amount: MoneyInput!, $reason: String!) { refundPayment(paymentId: $id, amount: $amount, reason: $reason) { ${PAYMENT_FIELDS} } }`;
const VOID = `mutation($id: ID!) { voidPayment(paymentId: $id) { ${PAYMENT_FIELDS} } }`;

describe('payment(id)', () => {
  it('shows an authorized payment and a declined one', async () => {
    const ok = await payment(12_345);
    const declined = await payment(800, 'tok_decline_expired_card');
    await projected();

    const { payment: shown } = await testApp.client.data('query($id: ID!) { payment(id: $id) { ' + PAYMENT_FIELDS + ' } }', { id: ok.paymentId });
    expect(shown).toMatchObject({
      id: ok.paymentId,
      orderId: ok.orderId,
      status: 'AUTHORIZED',
      amount: eur(12_345),
      amountAuthorized: eur(12_345),
      amountCaptured: eur(0),
      amountRefunded: eur(0),
      declineCode: null,
      bank: null,
    });
    expect(Date.parse(shown.createdAt)).not.toBeNaN();

    const { payment: refused } = await testApp.client.data('query($id: ID!) { payment(id: $id) { status declineCode bank amountAuthorized { amount } } }', {
      id: declined.paymentId,
    });
    expect(refused).toEqual({ status: 'DECLINED', declineCode: 'expired_card', bank: simulatedBankFor('tok_decline_expired_card'), amountAuthorized: { amount: 0 } });
  });

  it('answers null for an unknown payment and NOT_FOUND for a malformed id', async () => {
    expect(await testApp.client.data('query($id: ID!) { payment(id: $id) { id } }', { id: newId() })).toEqual({ payment: null });
    await expectRejected(testApp, 'NOT_FOUND', 'query { payment(id: "not-a-uuid") { id } }');
  });

  it('finds the latest payment of an order for the order view', async () => {
    const orderId = newId();
    const first = newId();
    const second = newId();
    await testApp.app.payments.service.authorize({ paymentId: first, orderId, amount: eur(500), token: 'tok_decline_do_not_honor' }, ctx);
    await testApp.app.payments.service.authorize({ paymentId: second, orderId, amount: eur(500), token: 'tok_visa' }, ctx);
    await projected();
    expect(await testApp.app.payments.queries.byOrderId('demo', orderId)).toMatchObject({ id: second, orderId, status: 'AUTHORIZED' });
    expect(await testApp.app.payments.queries.byOrderId('demo', newId())).toBeUndefined();
  });
});

interface PaymentPage {
  edges: { cursor: string; node: { id: string; status: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

describe('payments(status, first, after)', () => {
  it('pages through payments of a status, newest first', async () => {
    const created: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { paymentId } = await payment(100 + i);
      await testApp.app.payments.service.void(paymentId, ctx);
      created.push(paymentId);
    }
    await projected();

    const query = `query($after: String) { payments(status: VOIDED, first: 2, after: $after) { edges { cursor node { id status } } pageInfo { hasNextPage endCursor } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const { payments }: { payments: PaymentPage } = await testApp.client.data(query, { after });
      pages++;
      expect(payments.edges.length).toBeLessThanOrEqual(2);
      for (const edge of payments.edges) {
        expect(edge.node.status).toBe('VOIDED');
        seen.push(edge.node.id);
      }
      if (pages === 1) expect(payments.pageInfo.hasNextPage).toBe(true);
      if (!payments.pageInfo.hasNextPage) break;
      after = payments.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    const ours = seen.filter((id) => created.includes(id));
    expect(ours).toEqual([...created].reverse());

    const { payments: all } = await testApp.client.data('{ payments(first: 100) { edges { node { id } } } }');
    const allIds: string[] = all.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(allIds.filter((id) => created.includes(id))).toEqual([...created].reverse());
    await expectRejected(testApp, 'BAD_USER_INPUT', '{ payments(first: 0) { edges { cursor } } }');
    await expectRejected(testApp, 'BAD_USER_INPUT', '{ payments(after: "garbage!") { edges { cursor } } }');
  });
});

describe('paymentDeclines(from, to, code, bank)', () => {
  /** A payment declined at a chosen moment: written straight into the log with that record time. */
  async function declinedAt(recordedAt: string, declineCode: string, bank: string, amount: { amount: number; currency: string }) {
    const paymentId = newId();
    const data = [
      { type: 'PaymentCreated', data: { paymentId, orderId: newId(), amount } },
      { type: 'PaymentDeclined', data: { paymentId, declineCode, bank, message: declineCode, amount } },
    ];
    await testApp.database.db('events').insert(
      data.map((e, i) => ({
        tenant_id: 'demo',
        stream_id: `payment-${paymentId}`,
        stream_type: 'Payment',
        stream_version: i + 1,
        event_type: e.type,
        data: JSON.stringify(e.data),
        recorded_at: recordedAt,
      })),
    );
  }

  const REPORT = `query($from: DateTime!, $to: DateTime!, $code: String, $bank: String) {
    paymentDeclines(from: $from, to: $to, code: $code, bank: $bank) { day declineCode bank count amount ${MONEY} } }`;

  it('groups declines by UTC day, code and bank, with filters', async () => {
    await declinedAt('2020-02-29T12:00:00Z', 'insufficient_funds', 'Old Bank', eur(999));
    await declinedAt('2020-03-01T00:05:00Z', 'insufficient_funds', 'Old Bank', eur(300));
    await declinedAt('2020-03-01T23:55:00Z', 'insufficient_funds', 'Old Bank', eur(200));
    await declinedAt('2020-03-02T00:05:00Z', 'insufficient_funds', 'Old Bank', eur(100));
    await declinedAt('2020-03-02T09:00:00+05:00', 'do_not_honor', 'Other Bank', eur(50)); // 04:00 UTC
    await declinedAt('2020-03-02T10:00:00Z', 'do_not_honor', 'Other Bank', { amount: 70, currency: 'USD' });
    await declinedAt('2020-03-03T00:00:00Z', 'insufficient_funds', 'Old Bank', eur(1));
    await projected();

    const range = { from: '2020-03-01T18:00:00Z', to: '2020-03-02T01:00:00Z' };
    const { paymentDeclines } = await testApp.client.data(REPORT, range);
    expect(paymentDeclines).toEqual([
      { day: '2020-03-01', declineCode: 'insufficient_funds', bank: 'Old Bank', count: 2, amount: eur(500) },
      { day: '2020-03-02', declineCode: 'do_not_honor', bank: 'Other Bank', count: 1, amount: eur(50) },
      { day: '2020-03-02', declineCode: 'do_not_honor', bank: 'Other Bank', count: 1, amount: { amount: 70, currency: 'USD' } },
      { day: '2020-03-02', declineCode: 'insufficient_funds', bank: 'Old Bank', count: 1, amount: eur(100) },
    ]);
    const byCode = await testApp.client.data(REPORT, { ...range, code: 'insufficient_funds' });
    expect(byCode.paymentDeclines.map((g: { day: string }) => g.day)).toEqual(['2020-03-01', '2020-03-02']);
    const byBank = await testApp.client.data(REPORT, { ...range, bank: 'Other Bank', code: 'do_not_honor' });
    expect(byBank.paymentDeclines).toHaveLength(2);
    expect(await testApp.client.data(REPORT, { ...range, bank: 'No Such Bank' })).toEqual({ paymentDeclines: [] });
  });

  it('counts declines recorded through the service today', async () => {
    const gateway = new ScriptedDeclineGateway();
    const service = new PaymentsService(testApp.app.store, gateway, testApp.app.payments.vault);
    const bankA = `Bank A ${newId()}`;
    const bankB = `Bank B ${newId()}`;
    const decline = async (code: string, bank: string, amount: number) => {
      const paymentId = newId();
      gateway.declineNext(paymentId, code, bank);
      expect(await service.authorize({ paymentId, orderId: newId(), amount: eur(amount), token: 'tok_anything' }, ctx)).toEqual({ outcome: 'DECLINED', declineCode: code, bank });
    };
    await decline('insufficient_funds', bankA, 1_000);
    await decline('insufficient_funds', bankA, 2_500);
    await decline('insufficient_funds', bankB, 500);
    await decline('stolen_card', bankA, 42);
    await projected();

    const now = new Date();
    const today = now.toISOString().slice(0, 10);
    const { paymentDeclines } = await testApp.client.data(REPORT, { from: `${today}T00:00:00Z`, to: now.toISOString() });
    const ours = paymentDeclines.filter((g: { bank: string }) => g.bank === bankA || g.bank === bankB);
    expect(ours).toEqual([
      { day: today, declineCode: 'insufficient_funds', bank: bankA, count: 2, amount: eur(3_500) },
      { day: today, declineCode: 'insufficient_funds', bank: bankB, count: 1, amount: eur(500) },
      { day: today, declineCode: 'stolen_card', bank: bankA, count: 1, amount: eur(42) },
    ]);
  });

  it('refuses a range that ends before it starts or spans more than a year', async () => {
    await expectRejected(testApp, 'BAD_USER_INPUT', REPORT, { from: '2020-03-02T00:00:00Z', to: '2020-03-01T00:00:00Z' });
    await expectRejected(testApp, 'BAD_USER_INPUT', REPORT, { from: '2020-01-01T00:00:00Z', to: '2021-06-01T00:00:00Z' });
  });
});

describe('staff mutations', () => {
  it('captures in parts, then refunds in parts', async () => {
    const { paymentId } = await payment(10_000);
    const part = await testApp.client.data(CAPTURE, { id: paymentId, amount: eur(4_000) });
    expect(part.capturePayment).toMatchObject({ id: paymentId, status: 'PARTIALLY_CAPTURED', amountCaptured: eur(4_000) });
    const rest = await testApp.client.data(CAPTURE, { id: paymentId, amount: eur(6_000) });
    expect(rest.capturePayment).toMatchObject({ status: 'CAPTURED', amountCaptured: eur(10_000) });

    const refunded = await testApp.client.data(REFUND, { id: paymentId, amount: eur(2_500), reason: 'one item returned' });
    expect(refunded.refundPayment).toMatchObject({ status: 'PARTIALLY_REFUNDED', amountCaptured: eur(10_000), amountRefunded: eur(2_500) });
    await expectRejected(testApp, 'BAD_USER_INPUT', REFUND, { id: paymentId, amount: eur(7_501), reason: 'too much' });
    await expectRejected(testApp, 'BAD_USER_INPUT', REFUND, { id: paymentId, amount: eur(1), reason: '   ' });
    const all = await testApp.client.data(REFUND, { id: paymentId, amount: eur(7_500), reason: 'everything returned' });
    expect(all.refundPayment).toMatchObject({ status: 'REFUNDED', amountRefunded: eur(10_000) });
    await expectRejected(testApp, 'INVALID_STATE', REFUND, { id: paymentId, amount: eur(1), reason: 'again' });
  });

  it('refuses bad capture amounts with BAD_USER_INPUT and a refund of nothing captured with INVALID_STATE', async () => {
    const { paymentId } = await payment(1_000);
    await expectRejected(testApp, 'BAD_USER_INPUT', CAPTURE, { id: paymentId, amount: eur(1_001) });
    await expectRejected(testApp, 'BAD_USER_INPUT', CAPTURE, { id: paymentId, amount: eur(0) });
    await expectRejected(testApp, 'BAD_USER_INPUT', CAPTURE, { id: paymentId, amount: eur(-5) });
    await expectRejected(testApp, 'BAD_USER_INPUT', CAPTURE, { id: paymentId, amount: { amount: 100, currency: 'USD' } });
    await expectRejected(testApp, 'BAD_USER_INPUT', CAPTURE, { id: paymentId, amount: { amount: 1.5, currency: 'EUR' } });
    await expectRejected(testApp, 'INVALID_STATE', REFUND, { id: paymentId, amount: eur(1), reason: 'nothing captured yet' });
  });

  it('voids an authorized payment, but not a captured or declined one', async () => {
    const open = await payment(3_000);
    const { voidPayment } = await testApp.client.data(VOID, { id: open.paymentId });
    expect(voidPayment).toMatchObject({ id: open.paymentId, status: 'VOIDED', amountCaptured: eur(0) });
    await expectRejected(testApp, 'INVALID_STATE', VOID, { id: open.paymentId });
    await expectRejected(testApp, 'INVALID_STATE', CAPTURE, { id: open.paymentId, amount: eur(1) });

    const captured = await payment(3_000);
    await testApp.client.data(CAPTURE, { id: captured.paymentId, amount: eur(1) });
    await expectRejected(testApp, 'INVALID_STATE', VOID, { id: captured.paymentId });

    const declined = await payment(3_000, 'tok_decline_do_not_honor');
    await expectRejected(testApp, 'INVALID_STATE', VOID, { id: declined.paymentId });
    await expectRejected(testApp, 'INVALID_STATE', CAPTURE, { id: declined.paymentId, amount: eur(1) });
  });

  it('reports an unknown or malformed payment as NOT_FOUND', async () => {
    await expectRejected(testApp, 'NOT_FOUND', CAPTURE, { id: newId(), amount: eur(1) });
    await expectRejected(testApp, 'NOT_FOUND', REFUND, { id: newId(), amount: eur(1), reason: 'x' });
    await expectRejected(testApp, 'NOT_FOUND', VOID, { id: newId() });
    await expectRejected(testApp, 'NOT_FOUND', VOID, { id: 'payment-1' });
  });
});
