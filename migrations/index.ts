import type { Knex } from 'knex';
import * as eventStore from './20261123_0001_event_store';
import * as catalogReadModel from './20261123_0002_catalog_read_model';
import * as ordersReadModel from './20261123_0003_orders_read_model';

/** Every migration, by the name Knex records it under. Add new ones here. */
export const migrations: Record<string, Knex.Migration> = {
  '20261123_0001_event_store': eventStore,
  '20261123_0002_catalog_read_model': catalogReadModel,
  '20261123_0003_orders_read_model': ordersReadModel,
};
