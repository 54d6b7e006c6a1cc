/** A SKU counts as low on stock when this many units or fewer are available (on hand minus reserved), unless the screen is told otherwise. */
export const DEFAULT_LOW_STOCK_AT = 5;

export const isLowStock = (available: number, threshold: number) => available <= threshold;
