/**
 * `npm run bench`: the speed figures against their targets, on a throw-away database (an embedded
 * PostgreSQL in a temp dir, or BENCH_DATABASE_URL's server), all in one run:
 *
 * - the append against a bare INSERT of the same rows on the same server, at 1, 8 and 16 writers;
 * - `readAll` in commit order;
 * - push latency with 1,000 open subscriptions (and a fan-out of 100 subscribers per order);
 * - the end-to-end checkout loop of 16 customers, over HTTP and graphql-ws;
 * - the checkout storm: 300 concurrent checkouts for 100 units;
 * - a reservation on a SKU with a long stock stream against one on a fresh SKU (bench-long-stream.ts);
 * - a rebuild of the orders projection over at least 200,000 events;
 * - checkout throughput with one server process and with two on the same database, with the
 *   simulated gateway answering at once and taking as long as a real one (bench/nodes.ts).
 *
 * BENCH_ONLY=push,e2e runs only the named phases (writes, readall, push, e2e, storm, long, busy, rebuild, e2e-process, nodes).
 * Every phase has a deadline: one that cannot finish (a stuck checkout, say) is printed as FAILED
 * and the run exits non-zero instead of hanging. BENCH_SCALE scales the work (default 1).
 * Speed goals live here rather than in timed tests, which would be flaky on shared machines.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp } from '../app/app';
import { createLogger } from '../config/logger';
import { startEmbeddedPostgres } from '../db/embedded';
import { ensureDatabase } from '../db/knex';
import { benchNodes } from './bench/nodes';
import { failures, figures, graphqlClient, record, runPhase, scale, sleep, type Phase } from './bench/harness';
import { benchAppendAgainstBareInsert, benchReadAll } from './bench/writes';
import { benchPushLatency } from './bench/push';
import { benchCheckoutLoop, benchCheckoutStorm, inProcess } from './bench/checkout';
import { benchCheckoutLoopInServerProcess } from './bench/e2e-process';
import { benchBusySku, benchLongStream } from './bench/long-stream';
import { benchRebuild } from './bench/rebuild';
import { adminToken } from './bench/shop';

const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
/** Deadlines grow with the work. */
const budget = (seconds: number) => seconds * 1000 * Math.max(1, scale);
/** BENCH_ONLY=push,rebuild runs only those phases (writes, readall, push, e2e, storm, long, busy, rebuild, e2e-process, nodes). */
const PHASES = ['writes', 'readall', 'push', 'e2e', 'storm', 'long', 'busy', 'rebuild', 'e2e-process', 'nodes'];
const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((k) => k.trim())) : undefined;
const unknownPhases = [...(only ?? [])].filter((k) => !PHASES.includes(k));
if (unknownPhases.length > 0) {
  console.error(`BENCH_ONLY names unknown phase(s) ${unknownPhases.join(', ')}; known: ${PHASES.join(', ')}`);
  process.exit(2);
}
/** The app drains its projector and process managers when it stops; past this it counts as stuck. */
const APP_STOP_MS = 120_000;

async function main(): Promise<number> {
  let databaseUrl = process.env.BENCH_DATABASE_URL;
  let stopDatabase = async () => {};
  if (!databaseUrl) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ordercast-bench-'));
    fs.chmodSync(dir, 0o777);
    const embedded = await startEmbeddedPostgres({ dir: path.join(dir, 'data'), port: Number(process.env.BENCH_PG_PORT ?? 54391), persistent: false, logger });
    const url = new URL(embedded.adminUrl);
    url.pathname = '/ordercast_bench';
    databaseUrl = url.toString();
    stopDatabase = async () => {
      await embedded.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  try {
    await ensureDatabase(databaseUrl);
    const app = await startApp({
      databaseUrl,
      port: 0,
      logger,
      jwtSecret: randomBytes(32).toString('hex'),
      reservationExpiryIntervalMs: 0,
      limits: {
        // The bench is one client address firing thousands of mutations: the rate limit would measure itself.
        mutationRateLimit: 0,
        // 1,000 subscriptions on 50 sockets plus the checkout loop's, all from 127.0.0.1.
        maxWebSocketConnections: 2000,
        maxWebSocketConnectionsPerClient: 2000,
        maxOperationsPerWebSocket: 100,
      },
    });
    /**
     * Lets the read models catch up with what the previous phase left, so it does not weigh on the
     * next. A read model stuck on an event (it happens mid-development) costs this wait only once.
     */
    let settleMs = 20_000;
    const settle = async () => {
      try {
        await app.projector.caughtUpWithLog(settleMs);
      } catch (error) {
        console.error(`bench: projections did not catch up within ${settleMs / 1000} s (${error instanceof Error ? error.message : String(error)}); going on`);
        settleMs = 2_000;
      }
    };
    const phase = async (key: string, name: string, seconds: number, body: (phase: Phase) => Promise<void>) => {
      if (!only || only.has(key)) {
        await runPhase(name, budget(seconds), body);
        await settle();
      }
    };
    let stopped: boolean;
    try {
      // The bench acts as an admin of the demo shop (a minted token; no account needed) to set up catalogs.
      const admin = graphqlClient(app, await adminToken(app));
      await phase('writes', 'append vs bare INSERT', 150, (p) => benchAppendAgainstBareInsert(app, databaseUrl!, p));
      await phase('readall', 'readAll', 60, (p) => benchReadAll(app, p));
      await phase('push', 'push latency at 1,000 subscriptions', 120, (p) => benchPushLatency(app, admin, p));
      await phase('e2e', 'e2e checkout loop', 120, (p) => benchCheckoutLoop(inProcess(app, admin), p));
      await phase('storm', 'checkout storm', 120, (p) => benchCheckoutStorm(app, admin, p));
      await phase('long', 'long-stream reservation', 240, (p) => benchLongStream(app, p));
      await phase('busy', 'reservation on a SKU with many open reservations', 120, (p) => benchBusySku(app, p));
    } finally {
      console.error('bench: stopping the app…');
      stopped = await Promise.race([app.stop().then(() => true), sleep(APP_STOP_MS).then(() => false)]);
    }
    // Without the app: the rebuild's generated events must not race a live projector.
    if (only && !only.has('rebuild')) {
      // not asked for
    } else if (stopped) {
      await runPhase('rebuild', budget(200), (p) => benchRebuild(databaseUrl!, p));
    } else {
      const message = `the app did not stop within ${APP_STOP_MS / 1000} s, so the rebuild (which needs the live projector gone) was skipped`;
      console.error(`bench: ${message}`);
      failures.push(`rebuild: ${message}`);
      record({ bench: 'rebuild: SKIPPED', met: `FAILED: ${message}` });
    }
    // Server processes of their own, each run on a fresh database of the same server.
    if (!only || only.has('e2e-process')) await runPhase('e2e checkout loop, server in its own process', budget(150), (p) => benchCheckoutLoopInServerProcess(databaseUrl!, p));
    if (!only || only.has('nodes')) await runPhase('one node vs two nodes', budget(480), (p) => benchNodes(databaseUrl!, p));
  } finally {
    await Promise.race([stopDatabase(), sleep(30_000)]);
  }
  console.table(figures);
  if (failures.length > 0) {
    console.error(`bench: ${failures.length} phase(s) failed:\n- ${failures.join('\n- ')}`);
    return 1;
  }
  return 0;
}

main().then(
  // Exit explicitly: a failed phase may leave a socket or timer behind.
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
