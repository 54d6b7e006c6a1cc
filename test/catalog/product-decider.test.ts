import { describe, expect, it } from 'vitest';
import type { ProductEvent } from '../../server/src/catalog/events';
import { evolve, initialState, normalizeSku, productDecider, type ProductCommand } from '../../server/src/catalog/product-decider';
import { fold } from '../../server/src/commands/decider';
import { BadUserInputError, ConflictError, InvalidStateError, NotFoundError } from '../../server/src/shared/errors';
import { MAX_PRICE_AMOUNT } from '../../server/src/shared/money';
import { scenariosFor } from '../support/decider';

const { given } = scenariosFor(productDecider);

const productId = '11111111-1111-4111-8111-111111111111';
const variantId = '22222222-2222-4222-8222-222222222222';
const otherVariantId = '33333333-3333-4333-8333-333333333333';
const eur = (amount: number) => ({ amount, currency: 'EUR' });

const created: ProductEvent = { type: 'ProductCreated', data: { productId, name: 'Desk lamp', description: 'Warm light' } };
const variantAdded: ProductEvent = { type: 'ProductVariantAdded', data: { productId, variantId, sku: 'LAMP-RED', name: 'Red', price: eur(1999) } };
const published: ProductEvent = { type: 'ProductPublished', data: { productId } };
const archived: ProductEvent = { type: 'ProductArchived', data: { productId } };

const addVariant = (overrides: Partial<Extract<ProductCommand, { type: 'AddProductVariant' }>> = {}): ProductCommand => ({
  type: 'AddProductVariant',
  productId,
  variantId: otherVariantId,
  sku: 'LAMP-BLUE',
  name: 'Blue',
  price: eur(2499),
  ...overrides,
});
const changePrice = (price: { amount: number; currency: string }, id = variantId): ProductCommand => ({ type: 'ChangeVariantPrice', productId, variantId: id, price });

describe('CreateProduct', () => {
  const create = (name: string, description = ''): ProductCommand => ({ type: 'CreateProduct', productId, name, description });

  it('creates a product with trimmed name and description', () => {
    given([]).when(create('  Desk lamp ', ' Warm light ')).then([created]);
  });

  it('accepts an empty description', () => {
    given([]).when(create('Desk lamp')).then([{ type: 'ProductCreated', data: { productId, name: 'Desk lamp', description: '' } }]);
  });

  it('rejects creating the same product twice', () => {
    given([created]).when(create('Desk lamp')).thenRejects(ConflictError, 'CONFLICT');
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['longer than 200 characters', 'x'.repeat(201)],
  ])('rejects a name that is %s', (_label, name) => {
    const error = given([]).when(create(name)).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
    expect(error.details).toEqual({ field: 'name' });
  });

  it('accepts a name of exactly 200 characters', () => {
    given([]).when(create('x'.repeat(200))).then([{ type: 'ProductCreated', data: { productId, name: 'x'.repeat(200), description: '' } }]);
  });

  it.each([
    ['name', create('Desk\u0000lamp')],
    ['description', create('Desk lamp', 'Warm\u0000light')],
  ])('rejects a NUL character in the %s, which PostgreSQL cannot store', (field, command) => {
    const error = given([]).when(command).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
    expect(error.details).toEqual({ field });
  });

  it('rejects a description longer than 5000 characters', () => {
    given([]).when(create('Desk lamp', 'x'.repeat(5001))).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
  });
});

describe('AddProductVariant', () => {
  it('adds a variant with a trimmed SKU and name', () => {
    given([created])
      .when(addVariant({ sku: ' LAMP-BLUE ', name: ' Blue ' }))
      .then([{ type: 'ProductVariantAdded', data: { productId, variantId: otherVariantId, sku: 'LAMP-BLUE', name: 'Blue', price: eur(2499) } }]);
  });

  it.each(['usd', 'Eur', ' EUR', 'EURO', 'XYZ', ''])('accepts only upper-case ISO 4217 currency codes: refuses %j', (currency) => {
    given([created]).when(addVariant({ price: { amount: 100, currency } })).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
  });

  it('accepts an upper-case ISO 4217 code as it is', () => {
    given([created])
      .when(addVariant({ price: { amount: 100, currency: 'USD' } }))
      .then([{ type: 'ProductVariantAdded', data: { productId, variantId: otherVariantId, sku: 'LAMP-BLUE', name: 'Blue', price: { amount: 100, currency: 'USD' } } }]);
  });

  it('adds variants to a published product too', () => {
    given([created, variantAdded, published]).when(addVariant()).then([
      { type: 'ProductVariantAdded', data: { productId, variantId: otherVariantId, sku: 'LAMP-BLUE', name: 'Blue', price: eur(2499) } },
    ]);
  });

  it('rejects a variant for a product that does not exist, naming the product', () => {
    const error = given([]).when(addVariant()).thenRejects(NotFoundError, 'NOT_FOUND');
    expect(error.details).toEqual({ id: productId });
    expect(error.message).toContain(productId);
  });

  it.each([
    ['empty', ''],
    ['containing a space', 'LAMP RED'],
    ['starting with a dash', '-LAMP'],
    ['with a non-ASCII letter', 'LÄMP'],
    ['longer than 64 characters', 'A'.repeat(65)],
  ])('rejects a SKU %s', (_label, sku) => {
    const error = given([created]).when(addVariant({ sku })).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
    expect(error.details).toEqual({ field: 'sku' });
  });

  it('accepts a SKU of 64 characters with dots, underscores and dashes', () => {
    const sku = `A1._-${'b'.repeat(59)}`;
    expect(normalizeSku(sku)).toBe(sku);
    given([created]).when(addVariant({ sku })).then([{ type: 'ProductVariantAdded', data: { productId, variantId: otherVariantId, sku, name: 'Blue', price: eur(2499) } }]);
  });

  it('rejects a SKU the product already uses', () => {
    const error = given([created, variantAdded]).when(addVariant({ sku: ' LAMP-RED' })).thenRejects(ConflictError, 'CONFLICT');
    expect(error.details).toEqual({ sku: 'LAMP-RED' });
  });

  it.each([' ', 'Red\u0000'])('rejects the variant name %j', (name) => {
    given([created]).when(addVariant({ name })).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
  });

  it.each([
    ['a float amount', { amount: 19.99, currency: 'EUR' }],
    ['a negative amount', { amount: -1, currency: 'EUR' }],
    ['an amount above the maximum', { amount: MAX_PRICE_AMOUNT + 1, currency: 'EUR' }],
    ['NaN', { amount: Number.NaN, currency: 'EUR' }],
    ['an unknown currency', { amount: 100, currency: 'XXQ' }],
    ['a malformed currency', { amount: 100, currency: 'EURO' }],
  ])('rejects %s as price', (_label, price) => {
    given([created]).when(addVariant({ price })).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
  });

  it('accepts a price of zero and one of exactly the maximum', () => {
    expect(productDecider.decide(addVariant({ price: eur(0) }), fold(productDecider, [created]))).toHaveLength(1);
    expect(productDecider.decide(addVariant({ price: eur(MAX_PRICE_AMOUNT) }), fold(productDecider, [created]))).toHaveLength(1);
  });

  it('rejects adding a variant to an archived product', () => {
    given([created, variantAdded, archived]).when(addVariant()).thenRejects(InvalidStateError, 'INVALID_STATE');
  });
});

describe('ChangeVariantPrice', () => {
  it('changes the price and records the previous one', () => {
    given([created, variantAdded]).when(changePrice(eur(1799))).then([
      { type: 'VariantPriceChanged', data: { productId, variantId, price: eur(1799), previousPrice: eur(1999) } },
    ]);
  });

  it('changes the price of a published product', () => {
    given([created, variantAdded, published]).when(changePrice({ amount: 1999, currency: 'USD' })).then([
      { type: 'VariantPriceChanged', data: { productId, variantId, price: { amount: 1999, currency: 'USD' }, previousPrice: eur(1999) } },
    ]);
  });

  it('decides nothing when the price stays the same', () => {
    given([created, variantAdded]).when(changePrice({ amount: 1999, currency: 'EUR' })).thenNothing();
  });

  it('rejects a variant the product does not have', () => {
    given([created, variantAdded]).when(changePrice(eur(100), otherVariantId)).thenRejects(NotFoundError, 'NOT_FOUND');
  });

  it('rejects a product that does not exist', () => {
    given([]).when(changePrice(eur(100))).thenRejects(NotFoundError, 'NOT_FOUND');
  });

  it.each([
    ['a float amount', { amount: 0.5, currency: 'EUR' }],
    ['a negative amount', { amount: -100, currency: 'EUR' }],
    ['an amount above the maximum', { amount: MAX_PRICE_AMOUNT + 1, currency: 'EUR' }],
    ['an unknown currency', { amount: 100, currency: 'XXQ' }],
  ])('rejects %s', (_label, price) => {
    given([created, variantAdded]).when(changePrice(price)).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
  });

  it('rejects changing a price of an archived product', () => {
    given([created, variantAdded, archived]).when(changePrice(eur(100))).thenRejects(InvalidStateError, 'INVALID_STATE');
  });
});

describe('PublishProduct', () => {
  const publish: ProductCommand = { type: 'PublishProduct', productId };

  it('publishes a product that has a variant', () => {
    given([created, variantAdded]).when(publish).then([published]);
  });

  it('rejects publishing a product without variants', () => {
    given([created]).when(publish).thenRejects(InvalidStateError, 'INVALID_STATE');
  });

  it('decides nothing for a product already published', () => {
    given([created, variantAdded, published]).when(publish).thenNothing();
  });

  it('rejects publishing an archived product', () => {
    given([created, variantAdded, archived]).when(publish).thenRejects(InvalidStateError, 'INVALID_STATE');
  });

  it('rejects a product that does not exist', () => {
    given([]).when(publish).thenRejects(NotFoundError, 'NOT_FOUND');
  });
});

describe('ArchiveProduct', () => {
  const archive: ProductCommand = { type: 'ArchiveProduct', productId };

  it('archives a draft product', () => {
    given([created]).when(archive).then([archived]);
  });

  it('archives a published product', () => {
    given([created, variantAdded, published]).when(archive).then([archived]);
  });

  it('decides nothing when archiving twice', () => {
    given([created, archived]).when(archive).thenNothing();
  });

  it('rejects a product that does not exist', () => {
    given([]).when(archive).thenRejects(NotFoundError, 'NOT_FOUND');
  });
});

describe('evolve', () => {
  it('starts as a draft product that does not exist yet', () => {
    expect(initialState()).toEqual({ productId: undefined, name: '', description: '', status: 'DRAFT', variants: [] });
  });

  it('folds a product history into its current state', () => {
    const history: ProductEvent[] = [
      created,
      variantAdded,
      { type: 'ProductVariantAdded', data: { productId, variantId: otherVariantId, sku: 'LAMP-BLUE', name: 'Blue', price: eur(2499) } },
      { type: 'VariantPriceChanged', data: { productId, variantId, price: eur(1799), previousPrice: eur(1999) } },
      published,
    ];
    expect(history.reduce(evolve, initialState())).toEqual({
      productId,
      name: 'Desk lamp',
      description: 'Warm light',
      status: 'PUBLISHED',
      variants: [
        { variantId, sku: 'LAMP-RED', name: 'Red', price: eur(1799) },
        { variantId: otherVariantId, sku: 'LAMP-BLUE', name: 'Blue', price: eur(2499) },
      ],
    });
    expect(evolve(fold(productDecider, history), archived).status).toBe('ARCHIVED');
  });
});
