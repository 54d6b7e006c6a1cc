import type { Knex } from 'knex';
import { pendingMigrations } from '../db/migrate';
import type { OperationsStatus } from './operations-status';

export interface ReadinessReport {
  ready: boolean;
  checks: {
    database: 'ok' | 'unreachable';
    migrations: 'ok' | { pending: string[] };
    projections: 'ok' | { lagging: { name: string; lagSeconds: number; lagEvents: number }[] };
    startup: 'ok' | 'starting';
  };
}

/**
 * Whether this node should get traffic (`GET /ready`), as opposed to whether it lives (`/health`):
 * the database answers, every migration has run, every read model is within `maxLagSeconds` of
 * the log, and the start-up work (e.g. the demo seed, projected) is done.
 */
export class Readiness {
  private started: boolean;

  constructor(
    private readonly db: Knex,
    private readonly status: OperationsStatus,
    private readonly options: { maxLagSeconds: number; holdUntilStarted: boolean },
  ) {
    this.started = !options.holdUntilStarted;
  }

  /** Start-up work is done: from now on readiness depends on the checks alone. */
  startupComplete(): void {
    this.started = true;
  }

  async report(): Promise<ReadinessReport> {
    const startup = this.started ? 'ok' : 'starting';
    try {
      await this.db.raw('SELECT 1');
    } catch {
      return { ready: false, checks: { database: 'unreachable', migrations: { pending: [] }, projections: { lagging: [] }, startup } };
    }
    const [pending, lags] = await Promise.all([pendingMigrations(this.db), this.status.lag()]);
    const lagging = lags
      .filter((lag) => lag.kind === 'projection' && lag.lagSeconds > this.options.maxLagSeconds)
      .map(({ name, lagSeconds, lagEvents }) => ({ name, lagSeconds: Math.round(lagSeconds * 10) / 10, lagEvents }));
    const checks: ReadinessReport['checks'] = {
      database: 'ok',
      migrations: pending.length === 0 ? 'ok' : { pending },
      projections: lagging.length === 0 ? 'ok' : { lagging },
      startup,
    };
    return { ready: pending.length === 0 && lagging.length === 0 && this.started, checks };
  }
}
