/**
 * The largest figures stock may reach. The decider refuses a command that would pass one
 * (BAD_USER_INPUT naming the limit), so nothing downstream (read columns, GraphQL Int, sums in
 * JavaScript) ever meets a figure it cannot hold, and no event is appended that a projection
 * could not apply.
 */

/** Units one command may receive, adjust (either way), reserve or commit. */
export const MAX_STOCK_QUANTITY = 1_000_000;

/**
 * Units of one SKU on hand, all its warehouses together (so in each warehouse too). Below 2^31,
 * so the totals fit a GraphQL Int, and reserved and available, never above on hand, fit as well.
 */
export const MAX_ON_HAND = 1_000_000_000;
