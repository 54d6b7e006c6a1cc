import type { Knex } from 'knex';

/**
 * Every read column that holds or sums a quantity, an amount or a count becomes bigint. The
 * deciders bound what new events may carry, but events already recorded are facts a rebuild must
 * still apply: a 32-bit on_hand stopped the inventory projection at 2^31 units ("integer out of
 * range"), for every shop at once. Money columns were bigint from the start.
 *
 * pg hands int8 back as a string by default; server/src/db/knex.ts parses it as a number, exact
 * while the figures stay below 2^53, which the bounds keep them far from.
 */
const WIDENED: Record<string, string[]> = {
  inventory_stock_levels: ['on_hand', 'reserved'],
  inventory_reservations: ['quantity'],
  inventory_stock_movements: ['quantity', 'on_hand_change', 'reserved_change'],
  dashboard_order_minutes: ['orders_placed'],
  dashboard_checkout_failure_minutes: ['failures'],
  payment_declines_daily: ['count'],
};

const alter = (type: string) =>
  Object.entries(WIDENED)
    .map(([table, columns]) => `ALTER TABLE ${table} ${columns.map((column) => `ALTER COLUMN ${column} TYPE ${type}`).join(', ')};`)
    .join('\n');

export async function up(knex: Knex): Promise<void> {
  await knex.raw(alter('bigint'));
}

/** Fails, as it should, if a figure no longer fits 32 bits. */
export async function down(knex: Knex): Promise<void> {
  await knex.raw(alter('integer'));
}
