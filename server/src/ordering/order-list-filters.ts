import { BadUserInputError } from '../shared/errors';

/** A creation-time filter of the orders list; a range that ends before it starts is refused, not answered empty. */
export function createdRange(from?: Date | null, before?: Date | null): { createdFrom?: Date; createdBefore?: Date } {
  if (from && before && before.getTime() <= from.getTime()) throw new BadUserInputError('createdBefore must be later than createdFrom', { createdFrom: from, createdBefore: before });
  return { createdFrom: from ?? undefined, createdBefore: before ?? undefined };
}
