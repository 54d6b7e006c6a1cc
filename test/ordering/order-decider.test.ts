import { describe, expect, it } from 'vitest';
import type { ItemSnapshot, OrderEvent } from '../../server/src/ordering/events';
import { evolve, initialState, MAX_IDEMPOTENCY_KEY_LENGTH, MAX_ORDER_LINES, orderCurrency, orderDecider, type OrderCommand, type OrderStatus } from '../../server/src/ordering/order-decider';
import { fold } from '../../server/src/commands/decider';
import { BadUserInputError, ConflictError, InvalidStateError, NotFoundError } from '../../server/src/shared/errors';
import { MAX_PRICE_AMOUNT, MAX_TOTAL_AMOUNT } from '../../server/src/shared/money';
import { scenariosFor } from '../support/decider';

const { given, givenState } = scenariosFor(orderDecider);

const orderId = '44444444-4444-4444-8444-444444444444';
const variantA = '55555555-5555-4555-8555-555555555555';
const variantB = '66666666-6666-4666-8666-666666666666';

const snapshot = (overrides: Partial<ItemSnapshot> = {}): ItemSnapshot => ({
  variantId: variantA,
  sku: 'LAMP-RED',
  productName: 'Desk lamp',
  variantName: 'Red',
  unitPrice: { amount: 1999, currency: 'EUR' },
  ...overrides,
});
const lampB = snapshot({ variantId: variantB, sku: 'LAMP-BLUE', variantName: 'Blue', unitPrice: { amount: 2499, currency: 'EUR' } });

const created: OrderEvent = { type: 'OrderCreated', data: { orderId } };
const itemAdded = (item: ItemSnapshot, quantity: number): OrderEvent => ({ type: 'ItemAddedToOrder', data: { orderId, ...item, quantity } });
const add = (item: ItemSnapshot, quantity: number): OrderCommand => ({ type: 'AddItemToOrder', item, quantity });
const changeQuantity = (variantId: string, quantity: number): OrderCommand => ({ type: 'ChangeOrderItemQuantity', variantId, quantity });
const remove = (variantId: string): OrderCommand => ({ type: 'RemoveItemFromOrder', variantId });

const badQuantities: [string, number][] = [
  ['zero', 0],
  ['negative', -1],
  ['above 1000', 1001],
  ['not a whole number', 1.5],
  ['NaN', Number.NaN],
];

describe('CreateOrder', () => {
  it('creates an empty draft order', () => {
    given([]).when({ type: 'CreateOrder', orderId, customerId: undefined }).then([created]);
  });

  it('records the customer the order belongs to', () => {
    given([]).when({ type: 'CreateOrder', orderId, customerId: 'user-1' }).then([{ type: 'OrderCreated', data: { orderId, customerId: 'user-1' } }]);
  });

  it('rejects creating the same order twice', () => {
    given([created]).when({ type: 'CreateOrder', orderId, customerId: undefined }).thenRejects(ConflictError, 'CONFLICT');
  });
});

describe('AddItemToOrder', () => {
  it('adds the item with its catalog snapshot and quantity', () => {
    given([created]).when(add(snapshot(), 2)).then([itemAdded(snapshot(), 2)]);
  });

  it('adding a variant already in the order changes its quantity to the sum', () => {
    given([created, itemAdded(snapshot(), 2)])
      .when(add(snapshot(), 3))
      .then([{ type: 'OrderItemQuantityChanged', data: { orderId, variantId: variantA, quantity: 5, previousQuantity: 2 } }]);
  });

  it('accepts up to 1000 of one variant, also as a sum', () => {
    given([created]).when(add(snapshot(), 1000)).then([itemAdded(snapshot(), 1000)]);
    given([created, itemAdded(snapshot(), 999)])
      .when(add(snapshot(), 1))
      .then([{ type: 'OrderItemQuantityChanged', data: { orderId, variantId: variantA, quantity: 1000, previousQuantity: 999 } }]);
  });

  it('rejects a sum above 1000', () => {
    given([created, itemAdded(snapshot(), 600)]).when(add(snapshot(), 401)).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
  });

  it.each(badQuantities)('rejects a quantity that is %s', (_label, quantity) => {
    const error = given([created]).when(add(snapshot(), quantity)).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
    expect(error.details).toEqual({ field: 'quantity', limit: 1000 });
  });

  it('rejects an item in another currency than the order', () => {
    const usd = snapshot({ variantId: variantB, unitPrice: { amount: 1999, currency: 'USD' } });
    given([created, itemAdded(snapshot(), 1)]).when(add(usd, 1)).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
  });

  it('takes the currency of the first item, and none once all items are removed', () => {
    const usd = snapshot({ variantId: variantB, unitPrice: { amount: 1999, currency: 'USD' } });
    const emptied = fold(orderDecider, [created, itemAdded(snapshot(), 1), { type: 'ItemRemovedFromOrder', data: { orderId, variantId: variantA } }]);
    expect(orderCurrency(emptied)).toBeUndefined();
    givenState(emptied).when(add(usd, 1)).then([itemAdded(usd, 1)]);
  });

  describe(`with ${MAX_ORDER_LINES} lines`, () => {
    const lineId = (n: number) => `77777777-7777-4777-8777-${n.toString().padStart(12, '0')}`;
    const full = [created, ...Array.from({ length: MAX_ORDER_LINES }, (_, n) => itemAdded(snapshot({ variantId: lineId(n), sku: `SKU-${n}` }), 1))];

    it('rejects another line', () => {
      given(full).when(add(snapshot({ variantId: lineId(MAX_ORDER_LINES), sku: 'ONE-TOO-MANY' }), 1)).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
    });

    it('still raises the quantity of a line it has', () => {
      given(full)
        .when(add(snapshot({ variantId: lineId(0), sku: 'SKU-0' }), 1))
        .then([{ type: 'OrderItemQuantityChanged', data: { orderId, variantId: lineId(0), quantity: 2, previousQuantity: 1 } }]);
    });
  });

  it('rejects an order that does not exist', () => {
    given([]).when(add(snapshot(), 1)).thenRejects(NotFoundError, 'NOT_FOUND');
  });
});

describe('ChangeOrderItemQuantity', () => {
  it('sets the new quantity and records the previous one', () => {
    given([created, itemAdded(snapshot(), 2)])
      .when(changeQuantity(variantA, 7))
      .then([{ type: 'OrderItemQuantityChanged', data: { orderId, variantId: variantA, quantity: 7, previousQuantity: 2 } }]);
  });

  it('decides nothing when the quantity stays the same', () => {
    given([created, itemAdded(snapshot(), 2)]).when(changeQuantity(variantA, 2)).thenNothing();
  });

  it.each(badQuantities)('rejects a quantity that is %s', (_label, quantity) => {
    given([created, itemAdded(snapshot(), 2)]).when(changeQuantity(variantA, quantity)).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
  });

  it('rejects a variant that is not in the order', () => {
    given([created, itemAdded(snapshot(), 2)]).when(changeQuantity(variantB, 1)).thenRejects(NotFoundError, 'NOT_FOUND');
  });

  it('rejects an order that does not exist', () => {
    given([]).when(changeQuantity(variantA, 1)).thenRejects(NotFoundError, 'NOT_FOUND');
  });
});

describe('RemoveItemFromOrder', () => {
  it('removes the line', () => {
    given([created, itemAdded(snapshot(), 2), itemAdded(lampB, 1)])
      .when(remove(variantA))
      .then([{ type: 'ItemRemovedFromOrder', data: { orderId, variantId: variantA } }]);
  });

  it('rejects a variant that is not in the order', () => {
    given([created, itemAdded(snapshot(), 2)]).when(remove(variantB)).thenRejects(NotFoundError, 'NOT_FOUND');
  });

  it('rejects a variant that was already removed', () => {
    given([created, itemAdded(snapshot(), 2), { type: 'ItemRemovedFromOrder', data: { orderId, variantId: variantA } }])
      .when(remove(variantA))
      .thenRejects(NotFoundError, 'NOT_FOUND');
  });

  it('rejects an order that does not exist', () => {
    given([]).when(remove(variantA)).thenRejects(NotFoundError, 'NOT_FOUND');
  });
});

describe.each<OrderStatus>(['CHECKOUT_PENDING', 'PLACED'])('an order that is %s', (status) => {
  // No event of this context leads there yet; checkout will. The rule must hold already.
  const withLine = { ...initialState(), orderId, status, items: [{ ...snapshot(), quantity: 2 }] };

  it('refuses new items', () => {
    givenState(withLine).when(add(lampB, 1)).thenRejects(InvalidStateError, 'INVALID_STATE');
  });

  it('refuses more of an item it has', () => {
    givenState(withLine).when(add(snapshot(), 1)).thenRejects(InvalidStateError, 'INVALID_STATE');
  });

  it('refuses quantity changes', () => {
    givenState(withLine).when(changeQuantity(variantA, 3)).thenRejects(InvalidStateError, 'INVALID_STATE');
  });

  it('refuses removals', () => {
    givenState(withLine).when(remove(variantA)).thenRejects(InvalidStateError, 'INVALID_STATE');
  });
});

describe('order total', () => {
  // Every sum of money is bounded (MAX_TOTAL_AMOUNT): the order's total, and so its payment.
  const costly = (n: number) =>
    snapshot({ variantId: `88888888-8888-4888-8888-${n.toString().padStart(12, '0')}`, sku: `GOLD-${n}`, unitPrice: { amount: MAX_PRICE_AMOUNT, currency: 'EUR' } });
  const cheap = snapshot({ variantId: '77777777-7777-4777-8777-000000000001', sku: 'PENNY', unitPrice: { amount: 1, currency: 'EUR' } });
  const maxedLine = [created, itemAdded(costly(0), 1000)];

  it('accepts items up to the limit: a full line of the dearest item reaches it exactly', () => {
    expect(1000 * MAX_PRICE_AMOUNT).toBe(MAX_TOTAL_AMOUNT);
    given([created, itemAdded(costly(0), 999)]).when(add(costly(0), 1)).then([
      { type: 'OrderItemQuantityChanged', data: { orderId, variantId: costly(0).variantId, quantity: 1000, previousQuantity: 999 } },
    ]);
  });

  it('rejects an item that would take the total past the limit, naming it', () => {
    const rejected = given(maxedLine).when(add(cheap, 1)).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
    expect(rejected.message).toContain(String(MAX_TOTAL_AMOUNT));
    expect(rejected.details).toMatchObject({ limit: MAX_TOTAL_AMOUNT });
  });

  it('rejects a quantity change that would take the total past the limit', () => {
    given([...maxedLine, itemAdded(cheap, 1)]).when(changeQuantity(cheap.variantId, 2)).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
  });
});

describe('evolve', () => {
  it('starts as a draft order that does not exist yet', () => {
    expect(initialState()).toMatchObject({ orderId: undefined, status: 'DRAFT', items: [] });
  });

  it('folds an order history into its current lines', () => {
    const history: OrderEvent[] = [
      created,
      itemAdded(snapshot(), 2),
      itemAdded(lampB, 1),
      { type: 'OrderItemQuantityChanged', data: { orderId, variantId: variantA, quantity: 5, previousQuantity: 2 } },
      { type: 'ItemRemovedFromOrder', data: { orderId, variantId: variantB } },
    ];
    expect(history.reduce(evolve, initialState())).toMatchObject({ orderId, status: 'DRAFT', items: [{ ...snapshot(), quantity: 5 }] });
  });
});

describe('RequestCheckout', () => {
  const checkoutId = '77777777-7777-4777-8777-777777777777';
  const laterCheckoutId = '99999999-9999-4999-8999-999999999999';
  const paymentId = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
  const withItems = [created, itemAdded(snapshot(), 2), itemAdded(lampB, 1)];
  const request = (idempotencyKey: string, paymentTokenRef = 'token-ref-1', id = checkoutId): OrderCommand => ({ type: 'RequestCheckout', checkoutId: id, idempotencyKey, paymentTokenRef });
  const requested = (idempotencyKey: string, attempt: number, id = checkoutId, lines = [{ variantId: variantA, sku: 'LAMP-RED', quantity: 2 }, { variantId: variantB, sku: 'LAMP-BLUE', quantity: 1 }]): OrderEvent => ({
    type: 'CheckoutRequested',
    data: {
      orderId,
      checkoutId: id,
      idempotencyKey,
      paymentTokenRef: 'token-ref-1',
      attempt,
      lines,
      total: { amount: lines.reduce((sum, l) => sum + (l.variantId === variantA ? 1999 : 2499) * l.quantity, 0), currency: 'EUR' },
    },
  });
  const placed: OrderEvent = { type: 'OrderPlaced', data: { orderId, checkoutId, paymentId, total: { amount: 6497, currency: 'EUR' } } };
  const failed: OrderEvent = { type: 'OrderCheckoutFailed', data: { orderId, checkoutId, reason: 'OUT_OF_STOCK' } };

  it('records the request with the lines and the total fixed, as attempt 1, and the order is then CHECKOUT_PENDING', () => {
    given(withItems).when(request('key-1')).then([requested('key-1', 1)]);
    expect(fold(orderDecider, [...withItems, requested('key-1', 1)]).status).toBe('CHECKOUT_PENDING');
  });

  it('stores the idempotency key trimmed', () => {
    given(withItems).when(request('  key-1 ')).then([requested('key-1', 1)]);
  });

  it('needs at least one item', () => {
    given([created]).when(request('key-1')).thenRejects(InvalidStateError, 'INVALID_STATE');
    given([created, itemAdded(snapshot(), 1), { type: 'ItemRemovedFromOrder', data: { orderId, variantId: variantA } }])
      .when(request('key-1'))
      .thenRejects(InvalidStateError, 'INVALID_STATE');
  });

  it('checks out only a draft: not while a checkout is pending, nor once placed', () => {
    given([...withItems, requested('key-1', 1)]).when(request('key-2', 'token-ref-1', laterCheckoutId)).thenRejects(InvalidStateError, 'INVALID_STATE');
    given([...withItems, requested('key-1', 1), placed]).when(request('key-2', 'token-ref-1', laterCheckoutId)).thenRejects(InvalidStateError, 'INVALID_STATE');
  });

  it('the same key with the same token starts nothing new, whatever became of that checkout', () => {
    given([...withItems, requested('key-1', 1)]).when(request('key-1', 'token-ref-1', laterCheckoutId)).thenNothing();
    given([...withItems, requested('key-1', 1), placed]).when(request('key-1', 'token-ref-1', laterCheckoutId)).thenNothing();
    given([...withItems, requested('key-1', 1), failed]).when(request(' key-1', 'token-ref-1', laterCheckoutId)).thenNothing();
  });

  it('the same key with another token is a CONFLICT', () => {
    const error = given([...withItems, requested('key-1', 1)]).when(request('key-1', 'tok_ok_other', laterCheckoutId)).thenRejects(ConflictError, 'CONFLICT');
    expect(error.details).toEqual({ field: 'idempotencyKey' });
    given([...withItems, requested('key-1', 1), failed]).when(request('key-1', 'tok_ok_other', laterCheckoutId)).thenRejects(ConflictError, 'CONFLICT');
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    [`longer than ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`, 'k'.repeat(MAX_IDEMPOTENCY_KEY_LENGTH + 1)],
  ])('rejects an idempotency key that is %s as BAD_USER_INPUT', (_label, key) => {
    const error = given(withItems).when(request(key)).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
    expect(error.details).toEqual({ field: 'idempotencyKey' });
  });

  it(`accepts a key of ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`, () => {
    const key = 'k'.repeat(MAX_IDEMPOTENCY_KEY_LENGTH);
    given(withItems).when(request(key)).then([requested(key, 1)]);
  });

  it('rejects a blank payment token as BAD_USER_INPUT', () => {
    given(withItems).when(request('key-1', '  ')).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
  });

  it('rejects an order that does not exist', () => {
    given([]).when(request('key-1')).thenRejects(NotFoundError, 'NOT_FOUND');
  });

  it('numbers the attempts: after a failed checkout a new key starts attempt 2, with the order as it is now', () => {
    const afterFailure = [...withItems, requested('key-1', 1), failed, { type: 'ItemRemovedFromOrder', data: { orderId, variantId: variantB } } as OrderEvent];
    given(afterFailure)
      .when(request('key-2', 'token-ref-1', laterCheckoutId))
      .then([requested('key-2', 2, laterCheckoutId, [{ variantId: variantA, sku: 'LAMP-RED', quantity: 2 }])]);
  });

  describe('PlaceOrder', () => {
    const place = (id = checkoutId): OrderCommand => ({ type: 'PlaceOrder', checkoutId: id, paymentId });

    it('places the order of the pending checkout with its payment and total', () => {
      given([...withItems, requested('key-1', 1)]).when(place()).then([placed]);
      expect(fold(orderDecider, [...withItems, requested('key-1', 1), placed]).status).toBe('PLACED');
    });

    it('ignores any checkout but the pending one', () => {
      given([...withItems, requested('key-1', 1)]).when(place(laterCheckoutId)).thenNothing();
      given([...withItems, requested('key-1', 1), failed, requested('key-2', 2, laterCheckoutId)]).when(place(checkoutId)).thenNothing();
    });

    it('is a no-op when repeated, after the checkout failed, or before any checkout', () => {
      given([...withItems, requested('key-1', 1), placed]).when(place()).thenNothing();
      given([...withItems, requested('key-1', 1), failed]).when(place()).thenNothing();
      given(withItems).when(place()).thenNothing();
    });
  });

  describe('FailCheckout', () => {
    const failCheckout = (id = checkoutId): OrderCommand => ({ type: 'FailCheckout', checkoutId: id, reason: 'OUT_OF_STOCK' });

    it('sends the order of the pending checkout back to an editable DRAFT', () => {
      given([...withItems, requested('key-1', 1)]).when(failCheckout()).then([failed]);
      expect(fold(orderDecider, [...withItems, requested('key-1', 1), failed]).status).toBe('DRAFT');
      given([...withItems, requested('key-1', 1), failed])
        .when(changeQuantity(variantA, 1))
        .then([{ type: 'OrderItemQuantityChanged', data: { orderId, variantId: variantA, quantity: 1, previousQuantity: 2 } }]);
    });

    it('ignores any checkout but the pending one', () => {
      given([...withItems, requested('key-1', 1)]).when(failCheckout(laterCheckoutId)).thenNothing();
    });

    it('is a no-op when repeated, once the order is placed, or before any checkout', () => {
      given([...withItems, requested('key-1', 1), failed]).when(failCheckout()).thenNothing();
      given([...withItems, requested('key-1', 1), placed]).when(failCheckout()).thenNothing();
      given(withItems).when(failCheckout()).thenNothing();
    });
  });
});
