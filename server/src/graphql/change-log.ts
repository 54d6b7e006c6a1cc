import DataLoader from 'dataloader';
import type { Knex } from 'knex';
import type { ReadModelChange } from '../projector/projection';
import { PREPARED } from '../db/prepared-statements';

/**
 * What a catch-up needs of the changes it missed: `every` one (steps a subscriber must see one
 * by one), only the `latest` (the subscriber reads the row's current state anyway), or the
 * latest per value of a data field (each shipment of an order).
 */
export type CatchUpMode = { kind: 'every' } | { kind: 'latest' } | { kind: 'latestBy'; field: string };

export interface CatchUpRequest {
  tenantId: string;
  /** The changed row's id, as changes carry it. */
  key: string;
  after: number;
  topics: readonly string[];
  mode: CatchUpMode;
}

interface ChangeRow {
  i: string;
  revision: string;
  topic: string;
  data: Record<string, unknown> | null;
}

const signature = (request: CatchUpRequest) => `${request.mode.kind}\u0000${request.mode.kind === 'latestBy' ? request.mode.field : ''}\u0000${request.topics.join(',')}`;

/**
 * Reads the read-model change log (`read_model_changes`) for subscriptions. Requests made in the
 * same tick share one statement per kind: after a reconnect, every open subscription asks at once.
 */
export class ChangeLogReader {
  constructor(private readonly db: Knex) {}

  private readonly heads = new DataLoader<{ tenantId: string; key: string }, number>((keys) => this.readHeads(keys), { cache: false });
  private readonly catchUps = new DataLoader<CatchUpRequest, ReadModelChange[]>((requests) => this.readCatchUps(requests), { cache: false });

  /** The latest revision of a row's changes; 0 before its first. */
  head(tenantId: string, key: string): Promise<number> {
    return this.heads.load({ tenantId, key });
  }

  /** The logged changes of `topics` after `after`, oldest first, as `mode` asks. */
  since(request: CatchUpRequest): Promise<ReadModelChange[]> {
    return this.catchUps.load(request);
  }

  private async readHeads(keys: readonly { tenantId: string; key: string }[]): Promise<number[]> {
    const { rows } = await this.db.raw<{ rows: { i: string; revision: string | null }[] }>(
      `SELECT q.i, h.revision FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS q(tenant_id, key, i)
       LEFT JOIN read_model_change_heads h ON h.tenant_id = q.tenant_id AND h.key = q.key`,
      [keys.map((k) => k.tenantId), keys.map((k) => k.key)],
    ).options(PREPARED);
    const heads = new Array<number>(keys.length).fill(0);
    for (const row of rows) heads[Number(row.i) - 1] = Number(row.revision ?? 0);
    return heads;
  }

  private async readCatchUps(requests: readonly CatchUpRequest[]): Promise<ReadModelChange[][]> {
    const results = requests.map((): ReadModelChange[] => []);
    const groups = new Map<string, number[]>();
    requests.forEach((request, index) => {
      const group = groups.get(signature(request)) ?? [];
      group.push(index);
      groups.set(signature(request), group);
    });
    await Promise.all(
      [...groups.values()].map(async (indexes) => {
        const group = indexes.map((index) => requests[index]!);
        const { mode, topics } = group[0]!;
        const requested = [group.map((r) => r.tenantId), group.map((r) => r.key), group.map((r) => r.after)];
        // Bindings in the order the statement names them.
        const bindings = mode.kind === 'latestBy' ? [...requested, mode.field, [...topics]] : [...requested, [...topics]];
        const { rows } = await this.db.raw<{ rows: ChangeRow[] }>(catchUpSql(mode), bindings);
        for (const row of rows) {
          const request = group[Number(row.i) - 1]!;
          results[indexes[Number(row.i) - 1]!]!.push({
            topic: row.topic,
            id: request.key,
            tenantId: request.tenantId,
            revision: Number(row.revision),
            ...(row.data !== null && { data: row.data }),
          });
        }
      }),
    );
    return results;
  }
}

/** One statement for many rows' catch-ups; the primary key (tenant, key, revision) serves each. */
function catchUpSql(mode: CatchUpMode): string {
  const requests = 'unnest(?::text[], ?::text[], ?::bigint[]) WITH ORDINALITY AS q(tenant_id, key, after, i)';
  const missed = 'c.tenant_id = q.tenant_id AND c.key = q.key AND c.revision > q.after AND c.topic = ANY(?::text[])';
  switch (mode.kind) {
    case 'every':
      return `SELECT q.i, c.revision, c.topic, c.data FROM ${requests} JOIN read_model_changes c ON ${missed} ORDER BY q.i, c.revision`;
    case 'latest':
      return `SELECT q.i, c.revision, c.topic, c.data FROM ${requests}
              CROSS JOIN LATERAL (SELECT c.revision, c.topic, c.data FROM read_model_changes c WHERE ${missed} ORDER BY c.revision DESC LIMIT 1) c`;
    case 'latestBy':
      return `SELECT q.i, c.revision, c.topic, c.data FROM ${requests}
              CROSS JOIN LATERAL (
                SELECT DISTINCT ON (m.field) m.revision, m.topic, m.data
                FROM (SELECT c.revision, c.topic, c.data, c.data->>? AS field FROM read_model_changes c WHERE ${missed}) AS m
                ORDER BY m.field, m.revision DESC) c
              ORDER BY q.i, c.revision`;
  }
}
