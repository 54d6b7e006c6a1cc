import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { expectRejected } from '../support/rejections';

let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(() => testApp.stop());

const LONE_SURROGATE = 'Lamp \uD800';
const SEARCH = 'query($q: String) { products(first: 5, search: $q) { edges { node { id } } } }';
const CREATE = 'mutation($input: CreateProductInput!) { createProduct(input: $input) { id name } }';

describe('string input', () => {
  it('answers a search with a lone UTF-16 surrogate BAD_USER_INPUT (it reached the database as an internal error before)', async () => {
    const error = await expectRejected(testApp, 'BAD_USER_INPUT', SEARCH, { q: LONE_SURROGATE });
    expect(error.message).toContain('well-formed Unicode');
    expect(error.extensions?.at).toBe('$.q');
  });

  it('refuses a NUL or a lone surrogate anywhere in a mutation input, appending nothing', async () => {
    await expectRejected(testApp, 'BAD_USER_INPUT', CREATE, { input: { name: 'Desk lamp', description: 'Warm\u0000light' } });
    const error = await expectRejected(testApp, 'BAD_USER_INPUT', CREATE, { input: { name: '\uDC00 lamp' } });
    expect(error.extensions?.at).toBe('$.input.name');
  });

  it('refuses an ill-formed string written into the operation, each time it is sent, and checks the variables of a well-formed one each time', async () => {
    // A NUL as GraphQL's own escape: the text parses, the string it makes does not pass.
    const written = 'query { products(first: 5, search: "Lamp \\u0000") { edges { node { id } } } }';
    for (let i = 0; i < 2; i++) {
      const error = await expectRejected(testApp, 'BAD_USER_INPUT', written);
      expect(error.extensions?.at).toBe('a string in the operation');
    }
    // The same document, once found clean, still has its variables checked on every request.
    const { products } = await testApp.client.data<{ products: { edges: unknown[] } }>(SEARCH, { q: 'lamp' });
    expect(products.edges).toBeInstanceOf(Array);
    expect((await expectRejected(testApp, 'BAD_USER_INPUT', SEARCH, { q: LONE_SURROGATE })).extensions?.at).toBe('$.q');
  });

  it('accepts well-formed text outside the Basic Multilingual Plane (a surrogate pair)', async () => {
    const { createProduct } = await testApp.client.data<{ createProduct: { name: string } }>(CREATE, { input: { name: 'Lamp 💡' } });
    expect(createProduct.name).toBe('Lamp 💡');
  });

  it('applies the same check to operations over WebSocket', async () => {
    const socket = testApp.ws();
    try {
      const errors = await new Promise<unknown>((resolve) => {
        socket.subscribe(
          { query: 'subscription($id: ID!) { orderUpdated(orderId: $id) { id } }', variables: { id: LONE_SURROGATE } },
          { next: () => {}, error: resolve, complete: () => resolve(undefined) },
        );
      });
      expect(errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) })]);
    } finally {
      await socket.dispose();
    }
  });
});
