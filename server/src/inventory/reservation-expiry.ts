import type { Logger } from '../config/logger';
import type { InventoryQueries } from './inventory-queries';
import type { InventoryService } from './inventory-service';

export interface ReservationExpiryOptions {
  queries: Pick<InventoryQueries, 'expiredReservations'>;
  service: Pick<InventoryService, 'release'>;
  logger: Logger;
  /** How often to sweep; 0 leaves it to explicit `releaseExpired` calls. */
  intervalMs?: number;
  batchSize?: number;
}

/**
 * Releases reservations whose checkout never completed. The read model only nominates
 * candidates: the SKU stream decides, so a reservation confirmed meanwhile, or released by
 * another process running the same sweep, is left alone and nothing is released twice.
 */
export class ReservationExpiry {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly options: ReservationExpiryOptions) {}

  start(): void {
    const intervalMs = this.options.intervalMs ?? 5000;
    if (intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.sweep(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /**
   * Releases the expired, unconfirmed reservations the read model lists (up to one batch; the next
   * sweep takes the rest). Returns how many were released by this call.
   */
  async releaseExpired(now: Date = new Date()): Promise<number> {
    const candidates = await this.options.queries.expiredReservations(now, this.options.batchSize ?? 500);
    let released = 0;
    for (const candidate of candidates) {
      try {
        const context = { tenantId: candidate.tenantId, metadata: { actor: 'reservation-expiry' } };
        const { append } = await this.options.service.release(candidate.reservationId, candidate.skus, 'EXPIRED', context, { now });
        if (append) released++;
      } catch (error) {
        // One reservation that cannot be released must not hold back the others.
        this.options.logger.error({ err: error, reservationId: candidate.reservationId }, 'could not release an expired reservation');
      }
    }
    return released;
  }

  private sweep(): Promise<number> {
    if (this.running) return this.running;
    this.running = this.releaseExpired()
      .catch((error: unknown) => {
        this.options.logger.error({ err: error }, 'reservation expiry sweep failed');
        return 0;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }
}
