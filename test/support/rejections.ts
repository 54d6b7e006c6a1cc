import { expect } from 'vitest';
import type { Knex } from 'knex';
import type { TestApp } from './app';

export async function countEvents(db: Knex): Promise<number> {
  const [row] = await db('events').count<{ count: string }[]>({ count: '*' });
  return Number(row!.count);
}

/**
 * Sends an operation that must fail with `code`, and checks the failure left no trace: nothing
 * appended to the event log and no stack trace in any error. Returns the first error.
 */
export async function expectRejected(testApp: TestApp, code: string, query: string, variables: Record<string, unknown> = {}) {
  const before = await countEvents(testApp.database.db);
  const result = await testApp.client.request(query, variables);
  expect(result.errors, `expected ${code}, got ${JSON.stringify(result)}`).toBeDefined();
  const [first] = result.errors!;
  expect(first!.extensions?.code, JSON.stringify(result.errors)).toBe(code);
  for (const error of result.errors!) expect(error.extensions?.stacktrace).toBeUndefined();
  expect(await countEvents(testApp.database.db)).toBe(before);
  return first!;
}
