/** Decimals of a currency's minor unit (2 for EUR, 0 for JPY); 2 for a code Intl does not know. */
export function currencyDecimals(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/**
 * "12.5" EUR → 1250 minor units. Null for text that is not a plain non-negative amount with at
 * most the currency's decimals, so a price is never rounded silently.
 */
export function parseMoney(text: string, currency: string): number | null {
  const decimals = currencyDecimals(currency);
  const match = /^(\d+)(?:[.,](\d*))?$/.exec(text.trim());
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > decimals) return null;
  return Number(match[1]) * 10 ** decimals + Number(fraction.padEnd(decimals, '0') || '0');
}

/** 1250 EUR → "12.50": a minor-units amount as a user types it. */
export function toMajorText(amount: number, currency: string): string {
  const decimals = currencyDecimals(currency);
  return decimals === 0 ? String(amount) : (amount / 10 ** decimals).toFixed(decimals);
}
