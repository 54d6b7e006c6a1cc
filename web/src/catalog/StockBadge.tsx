/** Below this many units the shopper is told how many are left. */
export const LOW_STOCK = 5;

export function stockLabel(available: number): string {
  if (available <= 0) return 'Out of stock';
  if (available <= LOW_STOCK) return `Only ${available} left`;
  return 'In stock';
}

/** Whether a variant can be had, as the stock read model last saw it (checkout has the final word). */
export function StockBadge({ available }: { available: number }) {
  const level = available <= 0 ? 'out' : available <= LOW_STOCK ? 'low' : 'in';
  return (
    <span className={`stock stock-${level}`} data-testid="stock" data-available={available}>
      {stockLabel(available)}
    </span>
  );
}
