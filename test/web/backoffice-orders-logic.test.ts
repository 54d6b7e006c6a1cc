import { describe, expect, it } from 'vitest';
import { createdRange, filtersFromSearch, matchesFilters, queryVariables, searchOfFilters } from '../../web/src/backoffice/orders/board-filters';
import { boardRows } from '../../web/src/backoffice/orders/board-rows';
import { allowedActions, unitsLeftToShip } from '../../web/src/backoffice/orders/console-state';
import { parseAmount, toDecimalText } from '../../web/src/backoffice/orders/money-input';

const row = (over: Record<string, unknown> = {}) =>
  ({
    id: 'o1',
    status: 'PLACED',
    version: 3,
    createdAt: new Date(2026, 10, 15, 12, 0).toISOString(),
    updatedAt: new Date(2026, 10, 15, 12, 0).toISOString(),
    customer: { id: 'u1', name: 'Ada Lovelace', email: 'ada@example.com' },
    items: [],
    total: null,
    ...over,
  }) as never;

describe('orders board filters', () => {
  it('reads the URL query, ignoring what is not a filter, and writes it back', () => {
    const filters = filtersFromSearch('status=SHIPPED&customer=%20ada%20&from=2026-11-01&to=nonsense&other=1');
    expect(filters).toEqual({ status: 'SHIPPED', customer: 'ada', from: '2026-11-01', to: '' });
    expect(searchOfFilters(filters)).toBe('?status=SHIPPED&customer=ada&from=2026-11-01');
    expect(filtersFromSearch('status=NOPE').status).toBeNull();
    expect(searchOfFilters({ status: null, customer: ' ', from: '', to: '' })).toBe('');
  });

  it('means whole local days: from the first midnight up to, not including, the midnight after the last day', () => {
    const { createdFrom, createdBefore } = createdRange({ status: null, customer: '', from: '2026-11-15', to: '2026-11-15' });
    expect(createdFrom).toEqual(new Date(2026, 10, 15));
    expect(createdBefore).toEqual(new Date(2026, 10, 16));
    expect(queryVariables({ status: null, customer: '', from: '', to: '' })).toEqual({ status: null, customer: null, createdFrom: null, createdBefore: null });
  });

  it('decides whether a pushed row belongs on the board as the API would', () => {
    const none = { status: null, customer: '', from: '', to: '' } as const;
    expect(matchesFilters(row(), none)).toBe(true);
    expect(matchesFilters(row(), { ...none, status: 'PLACED' })).toBe(true);
    expect(matchesFilters(row(), { ...none, status: 'SHIPPED' })).toBe(false);
    expect(matchesFilters(row(), { ...none, customer: 'LOVELACE' })).toBe(true);
    expect(matchesFilters(row(), { ...none, customer: 'ada@ex' })).toBe(true);
    expect(matchesFilters(row(), { ...none, customer: 'grace' })).toBe(false);
    expect(matchesFilters(row({ customer: null }), { ...none, customer: 'ada' })).toBe(false);
    expect(matchesFilters(row(), { ...none, from: '2026-11-15', to: '2026-11-15' })).toBe(true);
    expect(matchesFilters(row(), { ...none, from: '2026-11-16' })).toBe(false);
    expect(matchesFilters(row(), { ...none, to: '2026-11-14' })).toBe(false);
  });
});

describe('orders board rows', () => {
  const none = { status: null, customer: '', from: '', to: '' } as const;
  const at = (day: number) => new Date(Date.UTC(2026, 10, day)).toISOString();
  const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

  it('lays pushes over what was read: new orders on top, the newer version wins, rows that stop matching leave', () => {
    const read = [row({ id: 'b', createdAt: at(2), version: 2 }), row({ id: 'a', createdAt: at(1), version: 5 })];
    const pushed = [row({ id: 'c', createdAt: at(3), version: 1 }), row({ id: 'a', createdAt: at(1), version: 4, status: 'CANCELLED' }), row({ id: 'b', createdAt: at(2), version: 3, status: 'SHIPPED' })];
    const rows = boardRows(read, pushed, false, none);
    expect(ids(rows)).toEqual(['c', 'b', 'a']);
    // a's push is older than what was read; b's is newer.
    expect(rows.map((r: any) => r.status)).toEqual(['PLACED', 'SHIPPED', 'PLACED']);
    expect(ids(boardRows(read, pushed, false, { ...none, status: 'PLACED' }))).toEqual(['c', 'a']);
  });

  it('leaves a pushed order older than every row read to the pages not read yet', () => {
    const read = [row({ id: 'b', createdAt: at(5) }), row({ id: 'a', createdAt: at(4) })];
    const pushed = [row({ id: 'old', createdAt: at(1) }), row({ id: 'new', createdAt: at(6) })];
    expect(ids(boardRows(read, pushed, true, none))).toEqual(['new', 'b', 'a']);
    // Everything is read: then it belongs at its place at the end.
    expect(ids(boardRows(read, pushed, false, none))).toEqual(['new', 'b', 'a', 'old']);
  });
});

describe('order console state', () => {
  const money = (amount: number) => ({ amount, currency: 'EUR' });
  const order = (over: Record<string, unknown> = {}) =>
    ({
      status: 'PLACED',
      items: [
        { variantId: 'a', quantity: 2 },
        { variantId: 'b', quantity: 1 },
      ],
      shipments: [],
      payment: { status: 'AUTHORIZED', amountAuthorized: money(3000), amountCaptured: money(0), amountRefunded: money(0) },
      ...over,
    }) as never;

  it('counts the units not yet in a shipment; a cancelled shipment gives its units back', () => {
    const left = unitsLeftToShip(
      order({
        shipments: [
          { status: 'SHIPPED', lines: [{ variantId: 'a', quantity: 1 }] },
          { status: 'CANCELLED', lines: [{ variantId: 'b', quantity: 1 }] },
        ],
      }),
    );
    expect(Object.fromEntries(left)).toEqual({ a: 1, b: 1 });
  });

  it('offers only what the state allows', () => {
    expect(allowedActions(order())).toMatchObject({ createShipment: true, cancelOrder: true, capture: true, refund: false, void: true });
    const shipped = order({
      status: 'SHIPPED',
      shipments: [{ status: 'SHIPPED', lines: [{ variantId: 'a', quantity: 2 }, { variantId: 'b', quantity: 1 }] }],
      payment: { status: 'CAPTURED', amountAuthorized: money(3000), amountCaptured: money(3000), amountRefunded: money(1000) },
    });
    expect(allowedActions(shipped)).toMatchObject({ createShipment: false, cancelOrder: false, capture: false, refund: true, void: false, refundable: 2000 });
    expect(allowedActions(order({ status: 'CANCELLED', payment: { status: 'VOIDED', amountAuthorized: money(3000), amountCaptured: money(0), amountRefunded: money(0) } }))).toMatchObject({
      createShipment: false,
      cancelOrder: false,
      capture: false,
      refund: false,
      void: false,
    });
    expect(allowedActions(order({ status: 'DRAFT', payment: null }))).toMatchObject({ createShipment: false, cancelOrder: true, capture: false });
  });
});

describe('amounts typed in the console', () => {
  it('reads decimals in the currency’s minor units, and nothing else', () => {
    expect(parseAmount('19.99', 'EUR')).toBe(1999);
    expect(parseAmount('19,9', 'EUR')).toBe(1990);
    expect(parseAmount(' 20 ', 'EUR')).toBe(2000);
    expect(parseAmount('500', 'JPY')).toBe(500);
    expect(parseAmount('1.5', 'JPY')).toBeNull();
    expect(parseAmount('1.999', 'EUR')).toBeNull();
    expect(parseAmount('-5', 'EUR')).toBeNull();
    expect(parseAmount('ten', 'EUR')).toBeNull();
    expect(toDecimalText({ amount: 1500, currency: 'EUR' })).toBe('15.00');
  });
});
