/**
 * The bench's small machinery: figures with their targets, latency summaries, phases with a
 * deadline (a phase that cannot finish fails with a message instead of hanging the run), and a
 * GraphQL-over-HTTP client.
 */
import { setMaxListeners } from 'node:events';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { App } from '../../app/app';

export const scale = Number(process.env.BENCH_SCALE ?? 1);
if (!Number.isFinite(scale) || scale <= 0) throw new Error(`BENCH_SCALE must be a positive number, got ${process.env.BENCH_SCALE}`);

/** Scales a count of work with BENCH_SCALE (at least 1). */
export const scaled = (n: number): number => Math.max(1, Math.round(n * scale));

/** A goal printed beside a figure, and whether the figure meets it. */
export interface Target {
  text: string;
  /** Undefined for a figure shown for information only. */
  met?: boolean;
}

export const INFO: Target = { text: '(info)' };

/** One row of the printed table. */
export interface Figure {
  bench: string;
  /** Operations (events, checkouts, pushes…) the figure is computed from. */
  n?: number;
  s?: number;
  'per s'?: number;
  ratio?: number;
  'p50 ms'?: number;
  'p95 ms'?: number;
  'p99 ms'?: number;
  target?: string;
  met?: string;
}

export const figures: Figure[] = [];
/** Phases that failed (timed out or threw), for the exit code. */
export const failures: string[] = [];

export function record(figure: Figure, target?: Target): Figure {
  const row: Figure = { ...figure };
  if (target) {
    row.target = target.text;
    row.met = target.met === undefined ? '' : target.met ? 'yes' : 'NO';
  }
  figures.push(row);
  const { bench, ...rest } = row;
  console.error(`bench:   ${bench}: ${JSON.stringify(rest)}`);
  return row;
}

export const round2 = (n: number): number => Math.round(n * 100) / 100;

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export interface Latencies {
  p50: number;
  p95: number;
  p99: number;
}

export function summarize(latencies: readonly number[]): Latencies {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { p50: round2(percentile(sorted, 50)), p95: round2(percentile(sorted, 95)), p99: round2(percentile(sorted, 99)) };
}

/** A figure of `count` operations in `seconds`, with their latencies. */
export function throughputFigure(bench: string, count: number, seconds: number, latencies: readonly number[] = []): Figure {
  const figure: Figure = { bench, n: count, s: round2(seconds), 'per s': Math.round(count / seconds) };
  if (latencies.length > 0) {
    const { p50, p95, p99 } = summarize(latencies);
    Object.assign(figure, { 'p50 ms': p50, 'p95 ms': p95, 'p99 ms': p99 });
  }
  return figure;
}

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** A running phase: its abort signal fires at its deadline. */
export interface Phase {
  name: string;
  signal: AbortSignal;
  /** Throws the phase's timeout once it has passed. */
  check(): void;
}

export class PhaseTimeout extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PhaseTimeout';
  }
}

/**
 * Runs one phase of the bench with a deadline. A phase that throws or overruns is recorded as a
 * FAILED row (the run goes on with the next phase and exits non-zero at the end); its pending
 * requests and waits are aborted through the signal, so nothing of it hangs around for long.
 */
export async function runPhase(name: string, budgetMs: number, body: (phase: Phase) => Promise<void>): Promise<boolean> {
  const controller = new AbortController();
  // Every concurrent request and wait of the phase listens to it.
  setMaxListeners(0, controller.signal);
  const timer = setTimeout(
    () => controller.abort(new PhaseTimeout(`bench phase "${name}" did not finish within ${Math.round(budgetMs / 1000)} s (deadline; set BENCH_SCALE lower or look for a stuck process/projection)`)),
    budgetMs,
  );
  const phase: Phase = {
    name,
    signal: controller.signal,
    check() {
      if (controller.signal.aborted) throw controller.signal.reason;
    },
  };
  console.error(`bench: ${name}…`);
  const started = performance.now();
  const running = body(phase);
  const aborted = new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true }));
  try {
    await Promise.race([running, aborted]);
    console.error(`bench: ${name} done in ${round2((performance.now() - started) / 1000)} s`);
    return true;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`bench: ${name} FAILED: ${error instanceof Error && !(error instanceof PhaseTimeout) ? (error.stack ?? message) : message}`);
    failures.push(`${name}: ${message}`);
    record({ bench: `${name}: FAILED`, met: `FAILED: ${message.slice(0, 160)}` });
    if (!controller.signal.aborted) controller.abort(new PhaseTimeout(`bench phase "${name}" failed`));
    // Give the phase a moment to close its sockets and end its requests before the next one starts.
    await Promise.race([running.catch(() => {}), sleep(5000)]);
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until `condition` holds, polling every `intervalMs`; fails with `message` after `timeoutMs`. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs: number, message: () => string, signal?: AbortSignal, intervalMs = 2): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(message());
    await sleep(intervalMs, signal);
  }
}

/** Rejects with `message` if `promise` has not settled within `timeoutMs` (or when `signal` aborts). */
export function within<T>(promise: Promise<T>, timeoutMs: number, message: () => string, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      reject(new Error(message()));
    }, timeoutMs);
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** How long one HTTP request may take before it counts as stuck. */
const REQUEST_TIMEOUT_MS = 60_000;

/**
 * The clients share the machine, and most often the process, with the server they measure, so
 * they must cost it little: `node:http` on kept-alive sockets costs about 0.4 ms of CPU less per
 * request than `fetch` (measured: 0.28 against 0.67 ms a `{ __typename }` round, client and
 * server together).
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** A GraphQL-over-HTTP client of a server (the bench's app, or a server process: anything with a `url`), as one caller (a bearer token); aborted with the phase. */
export function graphqlClient(app: Pick<App, 'url'>, token: string) {
  const endpoint = new URL(`${app.url}/graphql`);
  const authorization = `Bearer ${token}`;
  return function graphql<T>(query: string, variables: Record<string, unknown> = {}, signal?: AbortSignal): Promise<T> {
    const body = JSON.stringify({ query, variables });
    const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    return new Promise<T>((resolve, reject) => {
      const request = http.request(
        endpoint,
        {
          agent,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization },
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let answer: { data?: T; errors?: unknown[] };
            try {
              answer = JSON.parse(text) as typeof answer;
            } catch {
              return reject(new Error(`HTTP ${response.statusCode} answered no JSON: ${text.slice(0, 200)}`));
            }
            if (answer.errors?.length) return reject(new Error(`GraphQL errors: ${JSON.stringify(answer.errors).slice(0, 500)}`));
            resolve(answer.data!);
          });
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  };
}

export type GraphQL = ReturnType<typeof graphqlClient>;

/**
 * Runs `perWorker` operations on each of `workers` workers at once (worker w does its own
 * operations in order), recording each operation's latency; returns the wall time in seconds.
 */
export async function runWorkers(workers: number, perWorker: number, operation: (worker: number, i: number) => Promise<void>, phase: Phase): Promise<{ seconds: number; latencies: number[] }> {
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (let i = 0; i < perWorker; i++) {
        phase.check();
        const t0 = performance.now();
        await operation(worker, i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, latencies };
}

/** Runs `count` operations with `concurrency` in flight, taking the next index from a shared counter. */
export async function runShared(count: number, concurrency: number, operation: (i: number) => Promise<void>, phase: Phase): Promise<{ seconds: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        phase.check();
        const i = next++;
        const t0 = performance.now();
        await operation(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, latencies };
}
