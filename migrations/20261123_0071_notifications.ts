import type { Knex } from 'knex';

/**
 * The notification outbox (written in the transaction of the events that cause a notification) and
 * the default sender's mailbox. A notification keeps its outbox row's id, so it can exist only once.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE notification_outbox (
      id              uuid        PRIMARY KEY,
      tenant_id       text        NOT NULL,
      order_id        uuid        NOT NULL,
      kind            text        NOT NULL,
      event_position  bigint      NOT NULL,
      data            jsonb       NOT NULL,
      created_at      timestamptz NOT NULL,
      attempts        integer     NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      claimed_until   timestamptz,
      last_error      text,
      dispatched_at   timestamptz,
      failed_at       timestamptz,
      CONSTRAINT notification_outbox_one_per_event UNIQUE (tenant_id, event_position, kind)
    );
    CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at) WHERE dispatched_at IS NULL AND failed_at IS NULL;

    CREATE TABLE notifications (
      id         uuid        PRIMARY KEY,
      tenant_id  text        NOT NULL,
      order_id   uuid        NOT NULL,
      kind       text        NOT NULL,
      event_position bigint  NOT NULL,
      recipient  text        NOT NULL,
      subject    text        NOT NULL,
      body       text        NOT NULL,
      data       jsonb       NOT NULL,
      created_at timestamptz NOT NULL,
      sent_at    timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX notifications_by_order ON notifications (tenant_id, order_id, event_position);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE notifications; DROP TABLE notification_outbox;');
}
