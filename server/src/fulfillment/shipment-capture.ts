import type { CommandContext } from '../commands/command-context';
import type { Logger } from '../config/logger';
import type { AppendResult } from '../eventstore/types';
import { KeyedLock } from '../shared/keyed-lock';
import type { PaymentsService } from '../payments/payments-service';
import { PaymentStateError } from '../payments/errors';
import type { PaymentStatus } from '../payments/payment-decider';
import type { ShipmentEvent } from './events';

type Shipped = Extract<ShipmentEvent, { type: 'ShipmentShipped' }>['data'];

/** Statuses in which a payment can no longer be captured: staff settled it by hand, and it is theirs to sort out. */
const NOT_CAPTURABLE: ReadonlySet<PaymentStatus> = new Set(['VOIDED', 'DECLINED', 'CAPTURED', 'PARTIALLY_REFUNDED', 'REFUNDED']);

/**
 * Capture policy: each shipment captures what its lines are worth (unit price × quantity), and
 * the shipment that sends the order's last units captures whatever is still authorized and not
 * captured, so the order ends fully captured even if staff captured part by hand meanwhile. A
 * capture never exceeds what remains authorized.
 *
 * Runs after ShipmentShipped is recorded: inline from the mutation, and again from the
 * fulfillment process for every ShipmentShipped it sees, so a crash between the two still
 * captures. The shipment id is the capture key (payments record it, the gateway hears it), so
 * however often this runs, each shipment captures at most once.
 */
export class ShipmentCapture {
  private readonly locks = new KeyedLock();

  constructor(
    private readonly payments: PaymentsService,
    private readonly logger: Logger,
  ) {}

  /**
   * Right after shipping: captures for the ShipmentShipped in `append` (if it holds one) and
   * answers its data. Deferred like `captureOrDefer` when the gateway fails.
   */
  async captureShippedIn(append: AppendResult | undefined, ctx: CommandContext): Promise<Shipped | undefined> {
    const shipped = append?.events.find((event) => event.type === 'ShipmentShipped')?.data as Shipped | undefined;
    if (shipped) await this.captureOrDefer(shipped, ctx);
    return shipped;
  }

  /**
   * For the mutation: the shipment is recorded whatever happens here, so a gateway that keeps
   * failing is logged and left to the fulfillment process, which retries until it answers.
   */
  async captureOrDefer(shipped: Shipped, ctx: CommandContext): Promise<void> {
    try {
      await this.capture(shipped, ctx);
    } catch (error) {
      this.logger.warn({ shipmentId: shipped.shipmentId, err: error }, 'capture deferred to the fulfillment process');
    }
  }

  capture(shipped: Shipped, ctx: CommandContext): Promise<AppendResult | undefined> {
    return this.locks.run([`${ctx.tenantId}\u0000${shipped.shipmentId}`], () => this.captureOnce(shipped, ctx));
  }

  private async captureOnce(shipped: Shipped, ctx: CommandContext): Promise<AppendResult | undefined> {
    const payment = await this.payments.load(ctx.tenantId, shipped.paymentId);
    if (!payment || payment.captureIds.includes(shipped.shipmentId)) return undefined;
    const remaining = payment.authorized - payment.captured;
    const amount = shipped.completesOrder ? remaining : Math.min(shipped.amount.amount, remaining);
    if (amount <= 0) return undefined;
    try {
      const result = await this.payments.capture(shipped.paymentId, { amount, currency: shipped.amount.currency }, ctx, { captureId: shipped.shipmentId });
      return result.append;
    } catch (error) {
      // A payment staff voided or refunded by hand cannot be captured: that is for them to settle,
      // not to retry forever. Anything else (an amount that no longer fits because staff captured
      // part meanwhile, the gateway failing) is thrown, and the fulfillment process tries again.
      if (!(error instanceof PaymentStateError && NOT_CAPTURABLE.has(error.status))) throw error;
      this.logger.warn({ shipmentId: shipped.shipmentId, paymentId: shipped.paymentId, status: error.status }, 'shipment could not capture its payment');
      return undefined;
    }
  }
}
