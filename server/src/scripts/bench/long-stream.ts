/** Records the figures of the long-stream reservation bench (server/src/scripts/bench-long-stream.ts). */
import type { App } from '../../app/app';
import { benchLongStreamReservation } from '../bench-long-stream';
import { benchOpenReservations } from '../bench-open-reservations';
import { INFO, record, round2, scaled, summarize, type Phase } from './harness';

export async function benchLongStream(app: App, phase: Phase): Promise<void> {
  phase.check();
  // Its wait for the read models to fold the seeded events ends before the phase's deadline does.
  const result = await benchLongStreamReservation(app, { catchUpTimeoutMs: scaled(180_000) });
  const row = (what: string, latencies: number[], rowsPerLoad: number) => {
    const { p50, p95, p99 } = summarize(latencies);
    record({ bench: `reservation (reserve, then release) of 1 unit, one at a time, on ${what} (${rowsPerLoad} rows read per load), reserve latency`, n: latencies.length, 'p50 ms': p50, 'p95 ms': p95, 'p99 ms': p99 });
  };
  row(`a SKU whose stock stream holds ${result.priorEvents.toLocaleString('en')} events`, result.long.reserveMs, result.long.rowsPerLoad);
  row('a fresh SKU', result.fresh.reserveMs, result.fresh.rowsPerLoad);
  record({ bench: `long ÷ fresh SKU, reservation p50 (first, cold one on the long SKU: ${round2(result.coldReservationMs)} ms)`, ratio: round2(result.ratioP50) }, { text: '≤ 1.5×', met: result.ratioP50 <= 1.5 });
  record({ bench: 'long ÷ fresh SKU, reservation mean', ratio: round2(result.ratioMean) }, INFO);
}

/** Records the figures of the busy-SKU bench (server/src/scripts/bench-open-reservations.ts). */
export async function benchBusySku(app: App, phase: Phase): Promise<void> {
  phase.check();
  const result = await benchOpenReservations(app, { catchUpTimeoutMs: scaled(180_000) });
  for (const [what, latencies] of [
    [`a SKU holding ${result.open.toLocaleString('en')} open reservations`, result.busyMs],
    ['a fresh SKU', result.freshMs],
  ] as const) {
    const { p50, p95, p99 } = summarize(latencies);
    record({ bench: `reservation (reserve, then release) of 1 unit on ${what}, by a node that knows the SKU, reserve latency`, n: latencies.length, 'p50 ms': p50, 'p95 ms': p95, 'p99 ms': p99 });
  }
  record({ bench: `busy ÷ fresh SKU, reservation p50 (${result.open.toLocaleString('en')} open reservations)`, ratio: round2(result.ratioP50) }, INFO);
  // Not bounded yet (see Known limits): a load parses the snapshot, which holds every open reservation.
  for (const [what, latencies] of [
    ['the busy SKU', result.coldBusyMs],
    ['the fresh SKU', result.coldFreshMs],
  ] as const) {
    const { p50, p95, p99 } = summarize(latencies);
    record({ bench: `reservation on ${what} by a node that does not know it (it loads the stock), reserve latency`, n: latencies.length, 'p50 ms': p50, 'p95 ms': p95, 'p99 ms': p99 });
  }
}
