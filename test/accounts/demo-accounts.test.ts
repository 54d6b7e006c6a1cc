import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/src/config/logger';
import { DEMO_PASSWORD, DEMO_SHOP_NAME, demoAccounts, seedDemoAccounts } from '../../server/src/seed/demo-accounts';
import { startTestApp, type TestApp } from '../support/app';
import { countEvents } from '../support/rejections';
import { ME, signIn } from './account-operations';
import { httpClient } from '../support/graphql-client';

let testApp: TestApp;
const ctx = { tenantId: 'demo', metadata: { actor: 'seed' } };
const logger = createLogger('silent');

beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(() => testApp.stop());

describe('demo accounts', () => {
  it('seeds the demo shop with an admin, a staff member and two customers who sign in with the demo password, once', async () => {
    const { app } = testApp;
    expect(await seedDemoAccounts(app, ctx, logger)).toBe(4);
    const after = await countEvents(testApp.database.db);
    expect(await seedDemoAccounts(app, ctx, logger)).toBe(0);
    expect(await countEvents(testApp.database.db)).toBe(after);

    expect(await testApp.anonymous.data('{ shop { slug name } }')).toEqual({ shop: { slug: 'demo', name: DEMO_SHOP_NAME } });
    expect(demoAccounts.map((a) => [a.email, a.role])).toEqual([
      ['admin@demo.ordercast.dev', 'ADMIN'],
      ['staff@demo.ordercast.dev', 'STAFF'],
      ['ada@demo.ordercast.dev', 'CUSTOMER'],
      ['grace@demo.ordercast.dev', 'CUSTOMER'],
    ]);
    for (const account of demoAccounts) {
      const payload = await signIn(testApp.anonymous, { shop: 'demo', email: account.email, password: DEMO_PASSWORD });
      expect(payload.user).toMatchObject({ email: account.email, name: account.name, role: account.role, shop: 'demo' });
      const { me } = await httpClient(testApp.app.url, { authorization: `Bearer ${payload.token}` }).data<{ me: { id: string } }>(ME);
      expect(me.id).toBe(payload.user.id);
    }
    expect((await testApp.anonymous.error('mutation { signIn(shop: "demo", email: "ada@demo.ordercast.dev", password: "not-the-demo-one") { token } }')).code).toBe('UNAUTHENTICATED');
  });
});
