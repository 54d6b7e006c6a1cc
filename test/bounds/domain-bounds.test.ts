import { describe, expect, it } from 'vitest';
import { fold } from '../../server/src/commands/decider';
import { shipmentDecider } from '../../server/src/fulfillment/shipment-decider';
import type { StockEvent } from '../../server/src/inventory/events';
import { MAX_ON_HAND, MAX_STOCK_QUANTITY } from '../../server/src/inventory/stock-bounds';
import { stockDecider } from '../../server/src/inventory/stock-decider';
import { paymentDecider } from '../../server/src/payments/payment-decider';
import type { PaymentEvent } from '../../server/src/payments/events';
import { BadUserInputError, type DomainError } from '../../server/src/shared/errors';
import { MAX_PRICE_AMOUNT, MAX_TOTAL_AMOUNT, money } from '../../server/src/shared/money';
import { MAX_LINE_QUANTITY } from '../../server/src/shared/validation';

/** Runs `decide`, expecting BAD_USER_INPUT that names `limit` in its message and its details. */
function refusedNaming(limit: number, decide: () => unknown): DomainError {
  let caught: unknown;
  try {
    decide();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(BadUserInputError);
  const error = caught as DomainError;
  expect(error.message).toContain(String(limit));
  expect(error.details).toMatchObject({ limit });
  return error;
}

describe('the bounds stay clear of what stores and transports them', () => {
  it('keeps stock totals within a GraphQL Int and money sums within exact JavaScript numbers', () => {
    expect(MAX_ON_HAND).toBeLessThan(2 ** 31);
    expect(MAX_TOTAL_AMOUNT).toBeLessThan(Number.MAX_SAFE_INTEGER);
    expect(MAX_LINE_QUANTITY * MAX_PRICE_AMOUNT).toBeLessThanOrEqual(MAX_TOTAL_AMOUNT);
  });
});

describe('stock', () => {
  const sku = 'BOUND-1';
  const received = (warehouseId: string, quantity: number): StockEvent => ({ type: 'StockReceived', data: { sku, warehouseId, quantity } });
  const nearlyFull = fold(stockDecider, [received('w-1', MAX_ON_HAND - 10), received('w-2', 5)]);

  it('receives up to the on-hand bound of the SKU, all warehouses together', () => {
    expect(stockDecider.decide({ type: 'ReceiveStock', sku, warehouseId: 'w-2', quantity: 5 }, nearlyFull)).toHaveLength(1);
    const error = refusedNaming(MAX_ON_HAND, () => stockDecider.decide({ type: 'ReceiveStock', sku, warehouseId: 'w-3', quantity: 6 }, nearlyFull));
    expect(error.details).toMatchObject({ field: 'quantity', onHand: MAX_ON_HAND - 5 });
  });

  it('adjusts up to the bound, and down from anywhere', () => {
    refusedNaming(MAX_ON_HAND, () => stockDecider.decide({ type: 'AdjustStock', sku, warehouseId: 'w-1', quantityChange: 6, reason: 'count' }, nearlyFull));
    expect(stockDecider.decide({ type: 'AdjustStock', sku, warehouseId: 'w-1', quantityChange: 5, reason: 'count' }, nearlyFull)).toHaveLength(1);
    const over = fold(stockDecider, [received('w-1', MAX_ON_HAND), received('w-1', 7)]);
    expect(stockDecider.decide({ type: 'AdjustStock', sku, warehouseId: 'w-1', quantityChange: -1, reason: 'count' }, over)).toHaveLength(1);
  });

  it('bounds what one command moves', () => {
    const empty = stockDecider.initialState();
    refusedNaming(MAX_STOCK_QUANTITY, () => stockDecider.decide({ type: 'ReceiveStock', sku, warehouseId: 'w-1', quantity: MAX_STOCK_QUANTITY + 1 }, empty));
    refusedNaming(MAX_STOCK_QUANTITY, () => stockDecider.decide({ type: 'AdjustStock', sku, warehouseId: 'w-1', quantityChange: -(MAX_STOCK_QUANTITY + 1), reason: 'count' }, empty));
    refusedNaming(MAX_STOCK_QUANTITY, () =>
      stockDecider.decide({ type: 'ReserveStock', sku, reservationId: 'r', orderId: 'o', quantity: MAX_STOCK_QUANTITY + 1, expiresAt: null }, nearlyFull),
    );
  });
});

describe('money', () => {
  it('bounds a price', () => {
    expect(money(MAX_PRICE_AMOUNT, 'EUR').amount).toBe(MAX_PRICE_AMOUNT);
    refusedNaming(MAX_PRICE_AMOUNT, () => money(MAX_PRICE_AMOUNT + 1, 'EUR'));
  });

  const paymentId = 'p-1';
  const create = (amount: number) => ({ type: 'CreatePayment' as const, paymentId, orderId: 'o-1', amount: { amount, currency: 'EUR' } });

  it('takes a payment of any order total up to the limit (more than a single price may be)', () => {
    expect(paymentDecider.decide(create(MAX_TOTAL_AMOUNT), paymentDecider.initialState())).toHaveLength(1);
    refusedNaming(MAX_TOTAL_AMOUNT, () => paymentDecider.decide(create(MAX_TOTAL_AMOUNT + 1), paymentDecider.initialState()));
  });

  it('captures and refunds no more than was authorized and captured', () => {
    const amount = { amount: MAX_TOTAL_AMOUNT, currency: 'EUR' };
    const authorized = fold(paymentDecider, [
      { type: 'PaymentCreated', data: { paymentId, orderId: 'o-1', amount } },
      { type: 'PaymentAuthorized', data: { paymentId, authorizationId: 'a-1', amount } },
    ] satisfies PaymentEvent[]);
    const capture = () => paymentDecider.decide({ type: 'CapturePayment', amount: { amount: MAX_TOTAL_AMOUNT + 1, currency: 'EUR' } }, authorized);
    expect(capture).toThrow(BadUserInputError);
    const captured = paymentDecider.decide({ type: 'CapturePayment', amount: { amount: 10, currency: 'EUR' } }, authorized).reduce(paymentDecider.evolve, authorized);
    const refund = () => paymentDecider.decide({ type: 'RefundPayment', amount: { amount: 11, currency: 'EUR' }, reason: 'more than captured' }, captured);
    expect(refund).toThrow(BadUserInputError);
    expect(paymentDecider.decide({ type: 'RefundPayment', amount: { amount: 10, currency: 'EUR' }, reason: 'all of it' }, captured)).toHaveLength(1);
  });
});

describe('shipments', () => {
  it('refuses a line of more units than an order line may hold', () => {
    const line = (quantity: number) => ({ variantId: 'v-1', sku: 'S-1', quantity, unitPrice: { amount: MAX_PRICE_AMOUNT, currency: 'EUR' } });
    const create = (quantity: number) => ({ type: 'CreateShipment' as const, shipmentId: 's-1', orderId: 'o-1', carrier: 'DHL', lines: [line(quantity)] });
    expect(shipmentDecider.decide(create(MAX_LINE_QUANTITY), shipmentDecider.initialState())).toHaveLength(1);
    refusedNaming(MAX_LINE_QUANTITY, () => shipmentDecider.decide(create(MAX_LINE_QUANTITY + 1), shipmentDecider.initialState()));
  });
});
