import type { Logger } from '../config/logger';
import type { PaymentTokenVault } from './payment-token-vault';

/**
 * Deletes, every so often, the payment tokens that checkouts abandoned (past their expiry), so
 * none outlives its use even when no new checkout comes to sweep on its way in. Runs on the
 * nodes that run the process managers; any number of them may sweep at once.
 */
export class PaymentTokenSweep {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly vault: Pick<PaymentTokenVault, 'sweepExpired'>,
    private readonly logger: Logger,
    private readonly intervalMs = 60_000,
  ) {}

  start(): void {
    if (this.intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.sweep(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private sweep(): Promise<void> {
    this.running ??= this.vault
      .sweepExpired()
      .then((deleted) => {
        if (deleted > 0) this.logger.info({ deleted }, 'expired payment tokens deleted');
      })
      // The next tick tries again; a failed sweep leaves the tokens one interval longer.
      .catch((error: unknown) => this.logger.error({ err: error }, 'could not sweep expired payment tokens'))
      .finally(() => (this.running = undefined));
    return this.running;
  }
}
