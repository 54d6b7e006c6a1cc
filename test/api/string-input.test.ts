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
