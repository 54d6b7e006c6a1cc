import type { Knex } from 'knex';

/**
 * The read-model change log: every change a projection batch announces gets a revision, counted
 * per changed row (`key`: an order id, a SKU…, in its shop), and is kept with it. Subscriptions
 * push revisions, resume from one (`after`), and re-read what a lost NOTIFY never brought.
 *
 * Revisions of one key are numbered 1, 2, 3… in commit order: the upsert of the key's head row
 * locks it until the batch commits, so a batch of another projection touching the same order
 * (orders, checkouts, payments and shipments all announce order changes) numbers after it.
 * Derived state, like the read tables: the events stay the truth. Not under row-level security:
 * the server reads it on a subscriber's behalf, always for the subscriber's shop.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE read_model_change_heads (
      tenant_id text   NOT NULL,
      key       text   NOT NULL,
      revision  bigint NOT NULL,
      PRIMARY KEY (tenant_id, key)
    );

    CREATE TABLE read_model_changes (
      tenant_id   text        NOT NULL,
      key         text        NOT NULL,
      revision    bigint      NOT NULL,
      topic       text        NOT NULL,
      data        jsonb,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, key, revision)
    );

    -- Shop data under the row-level security of 20261123_0090, like every table with a tenant_id.
    GRANT SELECT ON read_model_change_heads, read_model_changes TO ordercast_tenant;
    ALTER TABLE read_model_change_heads ENABLE ROW LEVEL SECURITY;
    ALTER TABLE read_model_changes ENABLE ROW LEVEL SECURITY;
    CREATE POLICY tenant_isolation ON read_model_change_heads FOR SELECT TO ordercast_tenant
      USING (tenant_id = current_setting('ordercast.tenant_id', true));
    CREATE POLICY tenant_isolation ON read_model_changes FOR SELECT TO ordercast_tenant
      USING (tenant_id = current_setting('ordercast.tenant_id', true));

    ${logChangesFunction('CREATE FUNCTION', false)}
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP FUNCTION ordercast_log_changes(text, jsonb);
    DROP TABLE read_model_changes;
    DROP TABLE read_model_change_heads;
  `);
}

/**
 * `ordercast_log_changes` as first made (`versions` false), or passing each change's `version`
 * (the changed row's version, when the read model keeps one) on into its NOTIFY, as 20261201_0130
 * makes it.
 */
export const logChangesFunction = (create: 'CREATE FUNCTION' | 'CREATE OR REPLACE FUNCTION', versions: boolean): string => `
    -- Logs a batch's changes (a JSON array of {topic, id, tenantId, data?}) and NOTIFYs them with
    -- their revisions on channel, as JSON arrays under PostgreSQL's 8000-byte payload limit, in
    -- the batch's order. One call, so the projection batch keeps its single round trip.
    ${create} ordercast_log_changes(channel text, changes jsonb) RETURNS integer
    LANGUAGE plpgsql AS $$
    DECLARE
      notified integer := 0;
    BEGIN
      IF changes IS NULL OR jsonb_array_length(changes) = 0 THEN
        RETURN 0;
      END IF;
      WITH input AS (
        SELECT e.ord, e.c->>'tenantId' AS tenant_id, e.c->>'id' AS key, e.c->>'topic' AS topic, NULLIF(e.c->'data', 'null'::jsonb) AS data${versions ? `, e.c->'version' AS version` : ''}
        FROM jsonb_array_elements(changes) WITH ORDINALITY AS e(c, ord)
      ),
      counts AS (
        SELECT tenant_id, key, count(*) AS n FROM input GROUP BY tenant_id, key
      ),
      -- Heads in key order, so two batches locking the same keys cannot deadlock.
      heads AS (
        INSERT INTO read_model_change_heads AS h (tenant_id, key, revision)
        SELECT tenant_id, key, n FROM counts ORDER BY tenant_id, key
        ON CONFLICT (tenant_id, key) DO UPDATE SET revision = h.revision + excluded.revision
        RETURNING h.tenant_id, h.key, h.revision
      ),
      numbered AS (
        SELECT i.ord, i.tenant_id, i.key, i.topic, i.data,${versions ? ' i.version,' : ''}
               h.revision - c.n + row_number() OVER (PARTITION BY i.tenant_id, i.key ORDER BY i.ord) AS revision
        FROM input i JOIN counts c USING (tenant_id, key) JOIN heads h USING (tenant_id, key)
      ),
      logged AS (
        INSERT INTO read_model_changes (tenant_id, key, revision, topic, data)
        SELECT tenant_id, key, revision, topic, data FROM numbered
      ),
      encoded AS (
        SELECT ord, (jsonb_build_object('topic', topic, 'id', key, 'tenantId', tenant_id, 'revision', revision)
                     || CASE WHEN data IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('data', data) END${
                       versions ? `\n                     || CASE WHEN version IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('version', version) END` : ''
                     })::text AS json
        FROM numbered
      ),
      -- Changes are a few hundred bytes: chunks cut at every 7,000 bytes stay under the limit.
      chunked AS (
        SELECT ord, json, (sum(octet_length(json) + 1) OVER (ORDER BY ord) - 1) / 7000 AS chunk FROM encoded
      ),
      payloads AS (
        SELECT chunk, '[' || string_agg(json, ',' ORDER BY ord) || ']' AS payload FROM chunked GROUP BY chunk
      )
      SELECT count(pg_notify(channel, payload)) INTO notified FROM (SELECT payload FROM payloads ORDER BY chunk) AS ordered;
      RETURN notified;
    END
    $$;
`;
