import type { Decider } from '../commands/decider';
import { ConflictError, InvalidStateError, NotFoundError } from '../shared/errors';
import { money, type Money } from '../shared/money';
import { text } from '../shared/validation';
import { BadUserInputError } from '../shared/errors';
import type { ProductEvent, ProductStatus } from './events';

export interface Variant {
  variantId: string;
  sku: string;
  name: string;
  price: Money;
}

export interface ProductState {
  productId: string | undefined;
  name: string;
  description: string;
  status: ProductStatus;
  variants: Variant[];
}

/** Every command names its product, so a rejection can say which one was not found. */
export type ProductCommand =
  | { type: 'CreateProduct'; productId: string; name: string; description: string }
  | { type: 'AddProductVariant'; productId: string; variantId: string; sku: string; name: string; price: Money }
  | { type: 'ChangeVariantPrice'; productId: string; variantId: string; price: Money }
  | { type: 'PublishProduct'; productId: string }
  | { type: 'ArchiveProduct'; productId: string };

const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function normalizeSku(sku: string): string {
  const trimmed = sku.trim();
  if (!SKU_PATTERN.test(trimmed)) throw new BadUserInputError(`"${sku}" is not a valid SKU: use 1-64 letters, digits, ".", "_" or "-"`, { field: 'sku' });
  return trimmed;
}

export const initialState = (): ProductState => ({ productId: undefined, name: '', description: '', status: 'DRAFT', variants: [] });

export function evolve(state: ProductState, event: ProductEvent): ProductState {
  switch (event.type) {
    case 'ProductCreated':
      return { ...state, productId: event.data.productId, name: event.data.name, description: event.data.description };
    case 'ProductVariantAdded': {
      const { variantId, sku, name, price } = event.data;
      return { ...state, variants: [...state.variants, { variantId, sku, name, price }] };
    }
    case 'VariantPriceChanged':
      return { ...state, variants: state.variants.map((v) => (v.variantId === event.data.variantId ? { ...v, price: event.data.price } : v)) };
    case 'ProductPublished':
      return { ...state, status: 'PUBLISHED' };
    case 'ProductArchived':
      return { ...state, status: 'ARCHIVED' };
  }
}

function existing(state: ProductState, command: ProductCommand): string {
  if (!state.productId) throw new NotFoundError('Product', command.productId);
  return state.productId;
}

/** PostgreSQL text and jsonb cannot hold NUL: a name with one could never be stored. */
function storableText(field: string, value: string, options: { max: number; required?: boolean }): string {
  const checked = text(field, value, options);
  if (checked.includes('\u0000')) throw new BadUserInputError(`${field} must not contain NUL characters`, { field });
  return checked;
}

function notArchived(state: ProductState, action: string) {
  if (state.status === 'ARCHIVED') throw new InvalidStateError(`Cannot ${action}: the product is archived`, { status: state.status });
}

export function decide(command: ProductCommand, state: ProductState): ProductEvent[] {
  switch (command.type) {
    case 'CreateProduct': {
      if (state.productId) throw new ConflictError(`Product ${command.productId} already exists`);
      const name = storableText('name', command.name, { max: 200 });
      const description = storableText('description', command.description, { max: 5000, required: false });
      return [{ type: 'ProductCreated', data: { productId: command.productId, name, description } }];
    }
    case 'AddProductVariant': {
      const productId = existing(state, command);
      notArchived(state, 'add a variant');
      const sku = normalizeSku(command.sku);
      if (state.variants.some((v) => v.sku === sku)) throw new ConflictError(`SKU ${sku} is already used by this product`, { sku });
      const name = storableText('name', command.name, { max: 200 });
      const price = money(command.price.amount, command.price.currency);
      return [{ type: 'ProductVariantAdded', data: { productId, variantId: command.variantId, sku, name, price } }];
    }
    case 'ChangeVariantPrice': {
      const productId = existing(state, command);
      notArchived(state, 'change a price');
      const variant = state.variants.find((v) => v.variantId === command.variantId);
      if (!variant) throw new NotFoundError('Variant', command.variantId);
      const price = money(command.price.amount, command.price.currency);
      if (price.amount === variant.price.amount && price.currency === variant.price.currency) return [];
      return [{ type: 'VariantPriceChanged', data: { productId, variantId: variant.variantId, price, previousPrice: variant.price } }];
    }
    case 'PublishProduct': {
      const productId = existing(state, command);
      notArchived(state, 'publish');
      if (state.status === 'PUBLISHED') return [];
      if (state.variants.length === 0) throw new InvalidStateError('Cannot publish a product without variants');
      return [{ type: 'ProductPublished', data: { productId } }];
    }
    case 'ArchiveProduct': {
      const productId = existing(state, command);
      if (state.status === 'ARCHIVED') return [];
      return [{ type: 'ProductArchived', data: { productId } }];
    }
  }
}

export const productDecider: Decider<ProductState, ProductCommand, ProductEvent> = { streamType: 'Product', initialState, evolve, decide };
