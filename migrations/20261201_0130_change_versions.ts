import type { Knex } from 'knex';
import { logChangesFunction } from './20261130_0170_read_model_change_log';

/**
 * A change's `version` (the changed row's version after it, for read models that keep one, such
 * as the orders' stream version) goes on into its NOTIFY: a process that kept the row at that
 * version or newer when its own batch committed (`RecentRows`) pushes it without reading it again.
 * The change log itself is unchanged: a catch-up from it reads the rows.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(logChangesFunction('CREATE OR REPLACE FUNCTION', true));
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(logChangesFunction('CREATE OR REPLACE FUNCTION', false));
}
