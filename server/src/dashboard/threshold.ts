import { BadUserInputError } from '../shared/errors';

export const DEFAULT_LOW_STOCK_THRESHOLD = 5;
const MAX_LOW_STOCK_THRESHOLD = 1_000_000;

/** The stock alert threshold, in units available; BAD_USER_INPUT outside 0…1,000,000. */
export function checkThreshold(threshold: number): number {
  if (!Number.isInteger(threshold) || threshold < 0 || threshold > MAX_LOW_STOCK_THRESHOLD) {
    throw new BadUserInputError(`lowStockThreshold must be between 0 and ${MAX_LOW_STOCK_THRESHOLD}`, { field: 'lowStockThreshold' });
  }
  return threshold;
}
