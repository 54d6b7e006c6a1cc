import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService } from '../../server/src/auth/tokens';
import { Role } from '../../server/src/auth/roles';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from '../support/app';
import { createProduct } from '../support/catalog-fixtures';
import { httpClient, subscribe, wsClient } from '../support/graphql-client';
import { signUp } from './account-operations';
import { rawSocket } from '../support/raw-socket';

/** graphql-ws closes a connection its onConnect refused with 4403 Forbidden. */
const REFUSED = 4403;

let testApp: TestApp;
/** Tokens last 2 seconds here, so one expires while its socket is open. */
let shortLived: TestApp;

beforeAll(async () => {
  [testApp, shortLived] = await Promise.all([startTestApp(), startTestApp({ tokenTtlSeconds: 5 })]);
});
afterAll(() => Promise.all([testApp?.stop(), shortLived?.stop()]));

describe('WebSocket authentication', () => {
  it.each([
    ['no connectionParams at all', {}],
    ['no token, only a shop', { shop: 'demo' }],
    ['a header that is not "Bearer <token>"', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['a garbage token', { authorization: 'Bearer not.a.jwt' }],
  ])('refuses a socket with %s: closed with 4403, never acknowledged', async (_what, params) => {
    const socket = rawSocket(testApp.app.url, params);
    expect(await socket.acknowledged).toBe(false);
    expect((await socket.closed).code).toBe(REFUSED);
  });

  it('refuses a token signed with another secret, and an expired one', async () => {
    const forged = await new TokenService('another-secret-that-is-at-least-32-bytes', 3600).issue({ userId: 'u', shopId: 'demo', role: Role.ADMIN });
    const expired = await new TokenService(TEST_JWT_SECRET, 60).issue({ userId: 'u', shopId: 'demo', role: Role.ADMIN }, Date.now() - 5 * 60_000);
    for (const token of [forged.token, expired.token]) {
      const socket = rawSocket(testApp.app.url, { authorization: `Bearer ${token}` });
      expect(await socket.acknowledged).toBe(false);
      expect((await socket.closed).code).toBe(REFUSED);
    }
  });

  it('refuses a token of one shop sent with another shop named', async () => {
    const socket = rawSocket(testApp.app.url, { authorization: testApp.adminAuthorization, shop: 'another-shop' });
    expect(await socket.acknowledged).toBe(false);
    expect((await socket.closed).code).toBe(REFUSED);
  });

  it('takes a signed-in account (a token from signUp) and pushes to its subscriptions', async () => {
    const { token } = await signUp(testApp.anonymous, { email: 'watcher@example.com' });
    const socket = rawSocket(testApp.app.url, { authorization: `Bearer ${token}` });
    try {
      expect(await socket.acknowledged).toBe(true);
    } finally {
      await socket.close();
    }
    // And through the client library, the customer's own order's changes are pushed to it.
    const product = await createProduct(testApp.client, { variants: [{ sku: 'WS-AUTH-1', amount: 100 }] });
    const customer = httpClient(testApp.app.url, { authorization: `Bearer ${token}` });
    const { createOrder } = await customer.data<{ createOrder: { id: string } }>('mutation { createOrder { id } }');
    const client = wsClient(testApp.app.url, { authorization: `Bearer ${token}` });
    try {
      const pushes = subscribe(client, 'subscription($id: ID!) { orderUpdated(orderId: $id) { id items { sku quantity } } }', { id: createOrder.id });
      // Items are added until a push shows them: the subscription may start after the first change.
      for (let attempt = 1; ; attempt++) {
        await customer.data('mutation($o: ID!, $v: ID!) { addOrderItem(orderId: $o, variantId: $v, quantity: 1) { id } }', { o: createOrder.id, v: product.variantId('WS-AUTH-1') });
        try {
          await pushes.waitFor((push) => ((push.data as { orderUpdated?: { items: unknown[] } } | undefined)?.orderUpdated?.items.length ?? 0) > 0, 1000);
          break;
        } catch (error) {
          if (attempt >= 5) throw error;
        }
      }
      pushes.unsubscribe();
    } finally {
      await client.dispose();
    }
  });

  it('closes the socket with 4401 when its token expires while it is connected', async () => {
    const { token, expiresAt } = await signUp(shortLived.anonymous, { email: 'brief@example.com' });
    const socket = rawSocket(shortLived.app.url, { authorization: `Bearer ${token}` });
    expect(await socket.acknowledged).toBe(true);
    const closed = await socket.closed;
    expect(closed).toEqual({ code: 4401, reason: 'Token expired' });
    // The same token is refused from now on (JWT expiry has one-second steps: wait one out).
    await new Promise((r) => setTimeout(r, Math.max(0, new Date(expiresAt).getTime() + 1000 - Date.now())));
    const again = rawSocket(shortLived.app.url, { authorization: `Bearer ${token}` });
    expect(await again.acknowledged).toBe(false);
    expect((await again.closed).code).toBe(REFUSED);
  });
});
