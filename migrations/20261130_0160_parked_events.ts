import type { Knex } from 'knex';

/**
 * Events a projection could not apply after several tries: parked with their error so the
 * projection moves on (later events, other shops) instead of stalling on one bad event forever.
 *
 * Operational state, not a fact: a row is resolved in place when an operator retries or skips the
 * event (and that decision is itself recorded as an event in the log). The event stays in `events`
 * untouched; this table only says which follower passed it without applying it.
 *
 * Not under row-level security: operators read it through the API, which filters by their shop.
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
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE parked_events');
}
