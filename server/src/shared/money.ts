import { BadUserInputError } from './errors';

/** Money in integer minor units (cents) of an ISO 4217 currency. Never a float. */
export interface Money {
  amount: number;
  currency: string;
}

/** Upper bound for a single price: a trillion minor units keeps every line total a safe integer. */
export const MAX_PRICE_AMOUNT = 1_000_000_000_000;

const knownCurrencies = new Set(Intl.supportedValuesOf('currency'));

export function money(amount: number, currency: string): Money {
  if (!Number.isSafeInteger(amount)) throw new BadUserInputError(`Money amount must be an integer number of minor units, got ${amount}`);
  if (amount < 0) throw new BadUserInputError(`Money amount must not be negative, got ${amount}`);
  if (amount > MAX_PRICE_AMOUNT) throw new BadUserInputError(`Money amount ${amount} exceeds the maximum of ${MAX_PRICE_AMOUNT}`);
  // Exactly as ISO 4217 writes it: "eur" is refused rather than guessed at.
  if (!/^[A-Z]{3}$/.test(currency) || !knownCurrencies.has(currency)) throw new BadUserInputError(`"${currency}" is not an upper-case ISO 4217 currency code (e.g. EUR)`);
  return { amount, currency };
}

export function multiply(price: Money, quantity: number): Money {
  return { amount: price.amount * quantity, currency: price.currency };
}

export function sum(amounts: Money[], currency: string): Money {
  let total = 0;
  for (const m of amounts) {
    if (m.currency !== currency) throw new BadUserInputError(`Cannot add ${m.currency} to ${currency}`);
    total += m.amount;
  }
  if (!Number.isSafeInteger(total)) throw new BadUserInputError('Total is too large');
  return { amount: total, currency };
}
