/**
 * The end-to-end checkout loop against a server in a process of its own, as `npm start` runs it
 * and as clients meet it: the clients' own work (HTTP, WebSocket, JSON) runs in the bench process,
 * not on the server's event loop.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Role } from '../../auth/roles';
import { TokenService } from '../../auth/tokens';
import { ensureDatabase } from '../../db/knex';
import { freePort } from '../free-port';
import { startServerProcess } from '../server-process';
import { benchCheckoutLoop } from './checkout';
import { graphqlClient, type Phase } from './harness';

export async function benchCheckoutLoopInServerProcess(adminUrl: string, phase: Phase): Promise<void> {
  const url = new URL(adminUrl);
  url.pathname = `/ordercast_bench_e2e_${randomBytes(3).toString('hex')}`;
  const databaseUrl = url.toString();
  await ensureDatabase(databaseUrl);
  const secret = randomBytes(32).toString('hex');
  const tokens = new TokenService(secret, 3600);
  const issue = async (role: Role) => (await tokens.issue({ userId: randomUUID(), shopId: 'demo', role })).token;
  const server = await startServerProcess(
    { DATABASE_URL: databaseUrl, JWT_SECRET: secret, SEED_DEMO: 'false', LOG_LEVEL: 'warn', MUTATION_RATE_LIMIT: '0' },
    await freePort(),
  );
  try {
    await benchCheckoutLoop(
      { url: server.url, admin: graphqlClient(server, await issue(Role.ADMIN)), customerToken: () => issue(Role.CUSTOMER), label: 'server in its own process (as npm start runs it)' },
      phase,
    );
  } finally {
    await server.stop();
  }
}
