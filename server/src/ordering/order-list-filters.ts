import { BadUserInputError } from '../shared/errors';

/** Longer than any name or email an account may have: a search beyond it is a mistake, not a query. */
const MAX_CUSTOMER_SEARCH = 200;

/** The orders list's customer search: blank means none. */
export function customerSearch(text?: string | null): string | undefined {
  const search = text?.trim();
  if (!search) return undefined;
  if (search.length > MAX_CUSTOMER_SEARCH) throw new BadUserInputError(`customer may be at most ${MAX_CUSTOMER_SEARCH} characters`, { length: search.length });
  return search;
}

/** A creation-time filter of the orders list; a range that ends before it starts is refused, not answered empty. */
export function createdRange(from?: Date | null, before?: Date | null): { createdFrom?: Date; createdBefore?: Date } {
  if (from && before && before.getTime() <= from.getTime()) throw new BadUserInputError('createdBefore must be later than createdFrom', { createdFrom: from, createdBefore: before });
  return { createdFrom: from ?? undefined, createdBefore: before ?? undefined };
}
