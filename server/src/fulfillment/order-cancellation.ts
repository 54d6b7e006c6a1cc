import type { CommandContext } from '../commands/command-context';
import { fold } from '../commands/decider';
import type { Logger } from '../config/logger';
import type { EventStore } from '../eventstore/event-store';
import type { AppendResult, LogCheckpoint } from '../eventstore/types';
import { stockStreamId } from '../inventory/events';
import { paymentStreamId } from '../payments/events';
import type { InventoryService } from '../inventory/inventory-service';
import { KeyedLock } from '../shared/keyed-lock';
import { orderStreamId, type OrderEvent } from '../ordering/events';
import { orderDecider, type OrderState } from '../ordering/order-decider';
import type { PaymentsService } from '../payments/payments-service';
import { PaymentStateError } from '../payments/errors';
import type { PaymentStatus } from '../payments/payment-decider';
import { shipmentStreamId } from './events';
import { shipmentDecider } from './shipment-decider';
import { appendOf, decideAtomically, headOf, loadStream } from '../commands/streams';

export const ORDER_CANCELLED_RELEASE_REASON = 'CANCELLED';
export const ORDER_CANCELLED_REFUND_REASON = 'ORDER_CANCELLED';

/** Statuses in which a payment holds nothing more to give back: a void or refund refused for them has nothing left to do. */
const SETTLED: ReadonlySet<PaymentStatus> = new Set(['VOIDED', 'REFUNDED']);

/**
 * What a recorded OrderCancelled sets in motion: the checkout's reservation is released, the
 * authorization voided (or, when staff had already captured some of it, what was captured is
 * refunded), and shipments still pending are cancelled. Every step is idempotent — a released
 * reservation releases nothing, a voided payment is left alone, a refund only covers what is
 * captured and not refunded yet — so it runs inline from `cancelOrder` and again from the
 * fulfillment process for every OrderCancelled, and a crash in between loses nothing.
 */
export class OrderCancellation {
  private readonly locks = new KeyedLock();

  constructor(
    private readonly deps: { store: EventStore; inventory: InventoryService; payments: PaymentsService; logger: Logger },
  ) {}

  /**
   * For the mutation: the cancellation is recorded whatever happens here, so a gateway that keeps
   * failing is logged and left to the fulfillment process, which retries until it answers.
   */
  async completeOrDefer(orderId: string, ctx: CommandContext): Promise<LogCheckpoint[]> {
    try {
      return await this.complete(orderId, ctx);
    } catch (error) {
      this.deps.logger.warn({ orderId, err: error }, 'cancellation follow-up deferred to the fulfillment process');
      return [];
    }
  }

  /**
   * Undoes what the order holds. Returns where the streams it touched now end, so a caller can
   * wait for their projections even when another process did the work first.
   */
  complete(orderId: string, ctx: CommandContext): Promise<LogCheckpoint[]> {
    return this.locks.run([`${ctx.tenantId}\u0000${orderId}`], () => this.completeOnce(orderId, ctx));
  }

  private async completeOnce(orderId: string, ctx: CommandContext): Promise<LogCheckpoint[]> {
    const history = await this.deps.store.readStream(orderStreamId(orderId), { tenantId: ctx.tenantId });
    const order: OrderState = fold(orderDecider, history as unknown as OrderEvent[]);
    if (order.status !== 'CANCELLED') return [];
    const touched: string[] = [];
    const placement = order.placement;
    if (placement) {
      const skus = [...new Set(order.items.map((i) => i.sku))];
      await this.deps.inventory.release(placement.checkoutId, skus, ORDER_CANCELLED_RELEASE_REASON, ctx);
      await this.settlePayment(placement.paymentId, ctx);
      touched.push(...skus.map(stockStreamId), paymentStreamId(placement.paymentId));
    }
    for (const [shipmentId, shipment] of Object.entries(order.shipments)) {
      if (shipment.status !== 'PENDING') continue;
      await this.cancelShipment(shipmentId, ctx);
      touched.push(shipmentStreamId(shipmentId));
    }
    const heads = await Promise.all(touched.map((streamId) => headOf(this.deps.store, streamId, ctx.tenantId)));
    return heads.filter((h): h is LogCheckpoint => h !== undefined);
  }

  private async settlePayment(paymentId: string, ctx: CommandContext): Promise<AppendResult | undefined> {
    const payment = await this.deps.payments.load(ctx.tenantId, paymentId);
    if (!payment) return undefined;
    try {
      if (payment.status === 'AUTHORIZED') return (await this.deps.payments.void(paymentId, ctx)).append;
      const refundable = payment.captured - payment.refunded;
      if (refundable > 0) {
        const amount = { amount: refundable, currency: payment.amount!.currency };
        return (await this.deps.payments.refund(paymentId, amount, ORDER_CANCELLED_REFUND_REASON, ctx)).append;
      }
    } catch (error) {
      // Another process settled it first (or staff did by hand): nothing is left for us to do. Any
      // other refusal (staff captured meanwhile, so it is a refund now) or failure is thrown, and
      // the fulfillment process tries again on the payment as it is then.
      if (!(error instanceof PaymentStateError && SETTLED.has(error.status))) throw error;
      this.deps.logger.info({ paymentId, status: error.status }, 'cancelled order: payment already settled');
    }
    return undefined;
  }

  private cancelShipment(shipmentId: string, ctx: CommandContext): Promise<AppendResult | undefined> {
    return decideAtomically(this.deps.store, ctx, async () => {
      const shipment = await loadStream(this.deps.store, shipmentDecider, shipmentStreamId(shipmentId), ctx.tenantId);
      if (shipment.state.status !== 'PENDING') return [];
      return appendOf(shipmentDecider, shipment, shipmentDecider.decide({ type: 'CancelShipment', reason: 'ORDER_CANCELLED' }, shipment.state));
    });
  }
}
