import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { rawSocket } from '../support/raw-socket';
import { countEvents, expectRejected } from '../support/rejections';
import { EVENTUALLY_MS } from '../support/eventually';

/** Two internal errors the chaos suite's generated hostile input found (npm run test:chaos). */
let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(() => testApp.stop());

const ADD_ITEM = 'mutation($o: ID!, $v: ID!, $q: Int!) { addOrderItem(orderId: $o, variantId: $v, quantity: $q) { id } }';
const CREATE = 'mutation($name: String!) { createProduct(input: { name: $name }) { id } }';

describe('input the string check and graphql-ws once answered with an internal error', () => {
  it('refuses a variable nested 20,000 lists deep as BAD_USER_INPUT (the string check overflowed the stack)', async () => {
    const depth = 20_000;
    // Written by hand: JSON.stringify would recurse once per level too.
    const body = `{"query": ${JSON.stringify(ADD_ITEM)}, "variables": {"o": "o", "v": "v", "q": ${'['.repeat(depth)}1${']'.repeat(depth)}}}`;
    const before = await countEvents(testApp.database.db);
    const response = await fetch(`${testApp.app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: testApp.adminAuthorization }, body });
    const answer = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(response.status).toBe(400);
    expect(answer.errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(await countEvents(testApp.database.db)).toBe(before);
  });

  it('still names where a deeply nested ill-formed string is', async () => {
    const error = await expectRejected(testApp, 'BAD_USER_INPUT', 'query($ids: [ID!]) { products(first: 1, brandIds: $ids) { edges { cursor } } }', { ids: ['fine', 'a\u0000b'] });
    expect(error.extensions?.at).toBe('$.ids[1]');
  });

  it('over WebSocket, answers a variable of the wrong type BAD_USER_INPUT and appends nothing (it reached execution and came back as an internal error)', async () => {
    const socket = rawSocket(testApp.app.url, { authorization: testApp.adminAuthorization });
    try {
      expect(await socket.acknowledged).toBe(true);
      const before = await countEvents(testApp.database.db);
      socket.subscribe('number-for-string', CREATE, { name: 5 });
      socket.subscribe('string-for-int', ADD_ITEM, { o: 'o', v: 'v', q: '1e9' });
      socket.subscribe('beyond-int', ADD_ITEM, { o: 'o', v: 'v', q: 2 ** 40 });
      socket.subscribe('missing', CREATE, {});
      const answers = ['number-for-string', 'string-for-int', 'beyond-int', 'missing'];
      await expect.poll(() => answers.every((id) => socket.messages.some((m) => m.id === id && m.type === 'error')), { timeout: EVENTUALLY_MS }).toBe(true);
      for (const id of answers) {
        const [first] = socket.messages.find((m) => m.id === id && m.type === 'error')!.payload as { message: string; extensions: { code: string } }[];
        expect(first!.extensions.code, `${id}: ${first!.message}`).toBe('BAD_USER_INPUT');
      }
      expect(await countEvents(testApp.database.db)).toBe(before);
    } finally {
      await socket.close();
    }
  });
});
