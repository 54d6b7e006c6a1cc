import type { MoneyValue } from '../../shared/format-money';

/** How many decimals a currency's amounts have (2 for EUR, 0 for JPY). */
export function currencyDecimals(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** Minor units as a plain decimal for an input, e.g. 1999 EUR → "19.99". */
export const toDecimalText = (money: MoneyValue) => (money.amount / 10 ** currencyDecimals(money.currency)).toFixed(currencyDecimals(money.currency));

/**
 * A typed amount ("19.99", "19,99", "20") in minor units, or null when it is not an amount of
 * that currency. Whether it is allowed (not more than is left, say) is the API's to say.
 */
export function parseAmount(text: string, currency: string): number | null {
  const decimals = currencyDecimals(currency);
  const match = /^\s*(\d+)(?:[.,](\d*))?\s*$/.exec(text);
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > decimals) return null;
  return Number(match[1]) * 10 ** decimals + Number(fraction.padEnd(decimals, '0') || '0');
}
