import type { Knex } from 'knex';

/**
 * Events a projection could not apply after several tries: parked with their error so the
 * projection moves on (later events, other shops) instead of stalling on one bad event forever.
 *
 * Operational state, not a fact: a row is resolved in place when an operator retries or skips the
 * event (and that decision is itself recorded as an event in the log). The event stays in `events`
 * untouched; this table only says which follower passed it without applying it.
 *
 * Shop data under the row-level security of 20261123_0090 like every table with a tenant_id
 * (operators read it through the API, which filters by their shop as well).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE parked_events (
      follower        text        NOT NULL,
      global_position bigint      NOT NULL,
      transaction_id  xid8        NOT NULL,
      tenant_id       text        NOT NULL,
      stream_id       text        NOT NULL,
      event_type      text        NOT NULL,
      error           text        NOT NULL,
      attempts        integer     NOT NULL CHECK (attempts > 0),
      parked_at       timestamptz NOT NULL DEFAULT now(),
      resolved_at     timestamptz,
      resolution      text        CHECK (resolution IN ('retried', 'skipped')),
      resolved_by     text,
      PRIMARY KEY (follower, global_position),
      CHECK ((resolved_at IS NULL) = (resolution IS NULL))
    );
    CREATE INDEX parked_events_open ON parked_events (tenant_id, follower) WHERE resolved_at IS NULL;

    GRANT SELECT ON parked_events TO ordercast_tenant;
    ALTER TABLE parked_events ENABLE ROW LEVEL SECURITY;
    CREATE POLICY tenant_isolation ON parked_events FOR SELECT TO ordercast_tenant
      USING (tenant_id = current_setting('ordercast.tenant_id', true));
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE parked_events');
}
