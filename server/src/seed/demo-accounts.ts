import type { App } from '../app/app';
import { Role } from '../auth/roles';
import type { CommandContext } from '../commands/command-context';
import type { Logger } from '../config/logger';

export const DEMO_SHOP_NAME = 'Ordercast Demo Shop';
/** Every demo account's password: the demo is for trying things out, and the README lists it. */
export const DEMO_PASSWORD = 'ordercast-demo';

export interface DemoAccount {
  email: string;
  name: string;
  role: Role;
}

export const demoAccounts: DemoAccount[] = [
  { email: 'admin@demo.ordercast.dev', name: 'Demo Admin', role: Role.ADMIN },
  { email: 'staff@demo.ordercast.dev', name: 'Sam Staff', role: Role.STAFF },
  { email: 'ada@demo.ordercast.dev', name: 'Ada Lovelace', role: Role.CUSTOMER },
  { email: 'grace@demo.ordercast.dev', name: 'Grace Hopper', role: Role.CUSTOMER },
];

/** The demo customers, whose the demo orders are. */
export const demoCustomerEmails = demoAccounts.filter((a) => a.role === Role.CUSTOMER).map((a) => a.email);

/**
 * The demo shop and its accounts, through the same service the API uses. Idempotent: the shop's
 * stream and each email's claim stream say what exists already, and that is skipped.
 */
export async function seedDemoAccounts(app: App, context: CommandContext, logger: Logger): Promise<number> {
  const { service } = app.accounts;
  const shopCreated = await service.ensureShop(context.tenantId, DEMO_SHOP_NAME, context.metadata);
  let created = 0;
  for (const account of demoAccounts) {
    if (await service.userIdByEmail(context.tenantId, account.email)) continue;
    const input = { email: account.email, name: account.name, password: DEMO_PASSWORD };
    if (account.role === Role.CUSTOMER) await service.signUp(context.tenantId, input, context.metadata);
    else await service.createStaffAccount(input, account.role, context);
    created++;
  }
  if (shopCreated || created > 0) {
    // Seeded means visible: the shop and its accounts can be read as soon as this returns.
    await app.projector.caughtUpWithLog();
    logger.info({ shop: context.tenantId, accounts: created }, 'demo shop and accounts seeded');
  }
  return created;
}

/** The ids of the demo customers, in `demoCustomerEmails` order; seed the accounts first. */
export async function demoCustomerIds(app: App, tenantId: string): Promise<string[]> {
  const ids: string[] = [];
  for (const email of demoCustomerEmails) {
    const id = await app.accounts.service.userIdByEmail(tenantId, email);
    if (!id) throw new Error(`demo customer ${email} is not seeded`);
    ids.push(id);
  }
  return ids;
}
