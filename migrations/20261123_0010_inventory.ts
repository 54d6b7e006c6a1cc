import type { Knex } from 'knex';

/** Inventory read model: warehouses, stock per SKU and warehouse, reservations and the movement ledger. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE inventory_warehouses (
      tenant_id  text        NOT NULL,
      id         uuid        NOT NULL,
      seq        bigint      NOT NULL,
      code       text        NOT NULL,
      name       text        NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, id)
    );
    CREATE UNIQUE INDEX inventory_warehouses_code ON inventory_warehouses (tenant_id, code);

    CREATE TABLE inventory_storage_locations (
      tenant_id    text    NOT NULL,
      warehouse_id uuid    NOT NULL,
      code         text    NOT NULL,
      name         text    NOT NULL,
      position     integer NOT NULL,
      PRIMARY KEY (tenant_id, warehouse_id, code),
      FOREIGN KEY (tenant_id, warehouse_id) REFERENCES inventory_warehouses (tenant_id, id)
    );

    CREATE TABLE inventory_stock_levels (
      tenant_id    text        NOT NULL,
      sku          text        NOT NULL,
      warehouse_id uuid        NOT NULL,
      on_hand      integer     NOT NULL,
      reserved     integer     NOT NULL,
      updated_at   timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, sku, warehouse_id)
    );

    CREATE TABLE inventory_reservations (
      tenant_id      text        NOT NULL,
      reservation_id text        NOT NULL,
      sku            text        NOT NULL,
      order_id       text        NOT NULL,
      quantity       integer     NOT NULL,
      status         text        NOT NULL,
      allocations    jsonb       NOT NULL,
      expires_at     timestamptz,
      created_at     timestamptz NOT NULL,
      updated_at     timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, reservation_id, sku)
    );
    -- What the expiry sweep looks for, and nothing else.
    CREATE INDEX inventory_reservations_expiring ON inventory_reservations (expires_at) WHERE status = 'ACTIVE' AND expires_at IS NOT NULL;
    CREATE INDEX inventory_reservations_order ON inventory_reservations (tenant_id, order_id);

    -- One row per event and warehouse; seq = event position * 1024 + row within the event.
    CREATE TABLE inventory_stock_movements (
      tenant_id       text        NOT NULL,
      seq             bigint      NOT NULL,
      sku             text        NOT NULL,
      warehouse_id    uuid        NOT NULL,
      movement_type   text        NOT NULL,
      quantity        integer     NOT NULL,
      on_hand_change  integer     NOT NULL,
      reserved_change integer     NOT NULL,
      reason          text,
      order_id        text,
      reservation_id  text,
      occurred_at     timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, seq)
    );
    CREATE INDEX inventory_stock_movements_sku ON inventory_stock_movements (tenant_id, sku, seq);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE inventory_stock_movements;
    DROP TABLE inventory_reservations;
    DROP TABLE inventory_stock_levels;
    DROP TABLE inventory_storage_locations;
    DROP TABLE inventory_warehouses;
  `);
}
