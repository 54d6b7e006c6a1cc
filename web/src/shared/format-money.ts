export interface MoneyValue {
  /** Integer minor units, e.g. cents. */
  amount: number;
  /** ISO 4217 code. */
  currency: string;
}

const formats = new Map<string, Intl.NumberFormat>();

function currencyFormat(currency: string, locale: string | undefined): Intl.NumberFormat {
  const key = `${locale ?? ''}|${currency}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formats.set(key, format);
  }
  return format;
}

/** Formats minor units in the currency's own number of decimals (2 for EUR, 0 for JPY, 3 for BHD). */
export function formatMoney(money: MoneyValue, locale?: string): string {
  let format: Intl.NumberFormat;
  try {
    format = currencyFormat(money.currency, locale);
  } catch {
    // An unknown currency code must not break the page: show the raw amount.
    return `${money.amount} ${money.currency} (minor units)`;
  }
  const decimals = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(money.amount / 10 ** decimals);
}
