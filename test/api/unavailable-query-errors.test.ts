import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../server/src/graphql/unavailable';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * Found by the chaos suite (pg_terminate_backend under load): a query whose connection was cut
 * answered INTERNAL_SERVER_ERROR, because Knex puts the statement before the driver's message
 * and the outage check only looked at the start of the message.
 */
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe('a connection failure inside a Knex query error', () => {
  it('is how Knex reports a failed query: the statement, " - ", then the driver message', async () => {
    const error = await database.db.raw('selec 1').catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^selec 1 - syntax error/);
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it.each([
    'select global_position from "events" where "tenant_id" = $1 - Connection terminated unexpectedly',
    'COMMIT; - Client has encountered a connection error and is not queryable',
    'select 1 - Connection terminated due to connection timeout',
  ])('counts "%s" as the database being unavailable (SERVICE_UNAVAILABLE, not an internal error)', (message) => {
    expect(isDatabaseUnavailable(new Error(message))).toBe(true);
  });

  it('still tells a statement that merely mentions the words from a dead connection', () => {
    expect(isDatabaseUnavailable(new Error("select 'Connection terminated unexpectedly' - division by zero"))).toBe(false);
  });
});
