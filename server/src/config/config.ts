import path from 'node:path';

/** Everything the server reads from its environment, parsed once and validated. */
export interface Config {
  port: number;
  /** PostgreSQL server to use; when absent an embedded PostgreSQL is started under dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  embeddedPostgresPort: number;
  logLevel: string;
  production: boolean;
  introspection: boolean;
  /** Backstop poll of the projector in case a NOTIFY was lost. */
  projectorPollMs: number;
  seedDemo: boolean;
  /** How long stock stays reserved for a checkout that has not completed. */
  reservationTtlMs: number;
  webDistDir: string;
}

function int(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return parsed;
}

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const root = process.cwd();
  return {
    port: int('PORT', env.PORT, 4000),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(root, env.DATA_DIR ?? '.data'),
    embeddedPostgresPort: int('EMBEDDED_PG_PORT', env.EMBEDDED_PG_PORT, 54329),
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    production,
    introspection: bool(env.GRAPHQL_INTROSPECTION, !production),
    projectorPollMs: int('PROJECTOR_POLL_MS', env.PROJECTOR_POLL_MS, 1000),
    seedDemo: bool(env.SEED_DEMO, true),
    reservationTtlMs: int('RESERVATION_TTL_MS', env.RESERVATION_TTL_MS, 15 * 60_000),
    webDistDir: path.resolve(root, 'web/dist'),
  };
}
