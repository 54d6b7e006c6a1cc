import { BadUserInputError } from './errors';

/** Trims and checks a free-text field; `required` forbids the empty string. */
export function text(field: string, value: string, options: { max: number; required?: boolean }): string {
  const trimmed = value.trim();
  if (options.required !== false && trimmed.length === 0) throw new BadUserInputError(`${field} must not be empty`, { field });
  if (trimmed.length > options.max) throw new BadUserInputError(`${field} must be at most ${options.max} characters`, { field });
  return trimmed;
}

/** Units of one item an order line (and so a shipment line) may hold. */
export const MAX_LINE_QUANTITY = 1000;

export function quantity(value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_LINE_QUANTITY) {
    throw new BadUserInputError(`quantity must be a whole number from 1 to ${MAX_LINE_QUANTITY}, got ${value}`, { field: 'quantity', limit: MAX_LINE_QUANTITY });
  }
  return value;
}
