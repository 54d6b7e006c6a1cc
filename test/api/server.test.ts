import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { ORDER_FIELDS } from '../support/catalog-fixtures';

let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(() => testApp.stop());

describe('HTTP server', () => {
  it('answers /health with 200 and JSON once the database answers', async () => {
    const response = await fetch(`${testApp.app.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', database: 'ok' });
  });

  it('refuses a browser-simple request (CSRF prevention stays on)', async () => {
    const response = await fetch(`${testApp.app.url}/graphql?query=${encodeURIComponent('{ orders { edges { cursor } } }')}`);
    expect(response.status).toBe(400);
  });

  it('masks unexpected errors: an opaque INTERNAL_SERVER_ERROR with an id, no stack trace', async () => {
    // Break the read table behind the API on purpose.
    await testApp.database.db.raw('ALTER TABLE orders RENAME TO orders_gone');
    try {
      const result = await testApp.client.request(`{ orders { edges { node { ${ORDER_FIELDS} } } } }`);
      const error = result.errors![0]!;
      expect(error.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', errorId: expect.any(String) });
      expect(error.extensions!.stacktrace).toBeUndefined();
      expect(error.message).not.toMatch(/orders_gone|relation|select/i);
    } finally {
      await testApp.database.db.raw('ALTER TABLE orders_gone RENAME TO orders');
    }
  });

  it('reports GraphQL validation errors with their code', async () => {
    const error = await testApp.client.error('{ nope }');
    expect(error.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
