import { BadUserInputError } from './errors';

/** Money in integer minor units (cents) of an ISO 4217 currency. Never a float. */
export interface Money {
  amount: number;
  currency: string;
}

/** Upper bound for a single price: a trillion minor units (ten billion euros). */
export const MAX_PRICE_AMOUNT = 1_000_000_000_000;

/**
 * Upper bound for every sum of money: an order's total, its payment and what is captured or
 * refunded of it, a shipment's value. A full line of the dearest item (1,000 × MAX_PRICE_AMOUNT)
 * reaches it. Below 2^53, so it is an exact number (GraphQL SafeInt) in JavaScript, and the bigint
 * read columns hold thousands of such sums added up.
 */
export const MAX_TOTAL_AMOUNT = 1_000_000_000_000_000;

const knownCurrencies = new Set(Intl.supportedValuesOf('currency'));

/** A price (or any single amount): whole minor units from 0 to MAX_PRICE_AMOUNT. */
export const money = (amount: number, currency: string): Money => bounded(amount, currency, MAX_PRICE_AMOUNT);

/** A sum (a total, a payment): whole minor units from 0 to MAX_TOTAL_AMOUNT. */
export const totalMoney = (amount: number, currency: string): Money => bounded(amount, currency, MAX_TOTAL_AMOUNT);

function bounded(amount: number, currency: string, limit: number): Money {
  if (!Number.isSafeInteger(amount)) throw new BadUserInputError(`Money amount must be an integer number of minor units, got ${amount}`);
  if (amount < 0) throw new BadUserInputError(`Money amount must not be negative, got ${amount}`);
  if (amount > limit) throw new BadUserInputError(`Money amount ${amount} exceeds the maximum of ${limit}`, { limit });
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
