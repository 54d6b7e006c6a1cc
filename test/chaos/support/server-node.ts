import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { Role } from '../../../server/src/auth/roles';
import { TokenService } from '../../../server/src/auth/tokens';
import { TEST_JWT_SECRET } from '../../support/app';
import { freePort } from '../../support/free-port';
import { httpClient, type HttpClient } from '../../support/graphql-client';
import { startServerProcess, type ServerProcess } from '../../support/server-process';

const tokens = new TokenService(TEST_JWT_SECRET, 3600);

/** A real server process (`server/src/main.ts`) on `databaseUrl`, with the chaos suite's settings and `env` on top. */
export async function startNode(databaseUrl: string, env: NodeJS.ProcessEnv = {}, port?: number): Promise<ServerProcess> {
  return startServerProcess(
    {
      DATABASE_URL: databaseUrl,
      JWT_SECRET: TEST_JWT_SECRET,
      SEED_DEMO: 'false',
      PROJECTOR_POLL_MS: '200',
      DATABASE_POOL_MAX: '10',
      MUTATION_RATE_LIMIT: '0',
      ...env,
    },
    port ?? (await freePort()),
  );
}

/** A client of the demo shop with a token of `role`, valid against any node sharing the test secret. */
export async function clientOf(url: string, role: Role, userId: string = randomUUID()): Promise<{ client: HttpClient; authorization: string }> {
  const { token } = await tokens.issue({ userId, shopId: 'demo', role });
  return { client: httpClient(url, { authorization: `Bearer ${token}` }), authorization: `Bearer ${token}` };
}

/** The process's resident memory in bytes, from /proc (Linux). */
export function residentBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

/** One value of a metric series from a node's /metrics, or undefined when it has none. */
export async function metric(url: string, series: string): Promise<number | undefined> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}
