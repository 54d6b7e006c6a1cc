import { handleCommand } from '../commands/command-handler';
import type { CommandContext } from '../commands/command-context';
import { fold } from '../commands/decider';
import type { Logger } from '../config/logger';
import type { EventStore } from '../eventstore/event-store';
import type { RecordedEvent } from '../eventstore/types';
import type { InventoryService } from '../inventory/inventory-service';
import { InsufficientStockError } from '../inventory/errors';
import type { CheckoutRequest } from '../ordering/events';
import type { OrderingService } from '../ordering/ordering-service';
import type { PaymentsService } from '../payments/payments-service';
import type { ProcessManager } from '../process/process-manager';
import { DomainError, InvalidStateError } from '../shared/errors';
import { derivedId } from '../shared/ids';
import { checkoutDecider, nextStep, type CheckoutCommand, type CheckoutState } from './checkout-decider';
import { checkoutEventTypes, checkoutStreamId, type CheckoutEvent } from './events';

export interface CheckoutProcessDeps {
  store: EventStore;
  ordering: OrderingService;
  inventory: InventoryService;
  payments: PaymentsService;
  logger: Logger;
  /** How long stock stays reserved for a checkout that has not completed. */
  reservationTtlMs: number;
}

export const paymentIdOf = (checkoutId: string) => derivedId(checkoutId, 'payment');
/** One reservation per checkout attempt, named after it. */
export const reservationIdOf = (checkoutId: string) => checkoutId;

/**
 * The checkout saga: order CheckoutRequested → reserve stock (all lines or none) → authorize the
 * payment → place the order; or release what was reserved and send the order back to DRAFT.
 * Every step is driven by the previous step's event and recorded as an event itself, and every
 * side effect is keyed by the checkout, so a restart at any point neither reserves nor charges twice.
 */
export class CheckoutProcess implements ProcessManager {
  readonly name = 'process:checkout';
  readonly eventTypes = ['CheckoutRequested', ...checkoutEventTypes];

  constructor(private readonly deps: CheckoutProcessDeps) {}

  /** Checkouts proceed independently of each other; each one's steps stay in order. */
  partitionOf(event: RecordedEvent): string {
    return `${event.tenantId}:${(event.data as { checkoutId: string }).checkoutId}`;
  }

  async handle(event: RecordedEvent): Promise<void> {
    const context: CommandContext = {
      tenantId: event.tenantId,
      metadata: { correlationId: event.metadata.correlationId, causationId: String(event.position), actor: 'checkout-process' },
    };
    if (event.type === 'CheckoutRequested') {
      const request = event.data as CheckoutRequest;
      await this.run(request.checkoutId, context, {
        type: 'StartCheckout',
        checkoutId: request.checkoutId,
        orderId: request.orderId,
        attempt: request.attempt,
        lines: request.lines.map(({ sku, quantity }) => ({ sku, quantity })),
        total: request.total,
        paymentToken: request.paymentToken,
      });
      return;
    }
    const checkoutId = (event.data as CheckoutEvent['data']).checkoutId;
    const history = await this.deps.store.readStream(checkoutStreamId(checkoutId), { tenantId: event.tenantId });
    // Only the newest event drives the next step; an older one delivered again has been acted on.
    if (history.at(-1)?.streamVersion !== event.streamVersion) return;
    await this.advance(fold(checkoutDecider, history as unknown as CheckoutEvent[]), context);
  }

  private async advance(state: CheckoutState, context: CommandContext): Promise<void> {
    const checkoutId = state.checkoutId!;
    const skus = state.lines.map((l) => l.sku);
    switch (nextStep(state)) {
      case 'RESERVE_STOCK':
        return this.run(checkoutId, context, { type: 'RequestStockReservation', reservationId: reservationIdOf(checkoutId) });
      case 'AWAIT_RESERVATION':
        return this.run(checkoutId, context, await this.reserve(state, context));
      case 'AUTHORIZE':
        return this.run(checkoutId, context, { type: 'RequestPaymentAuthorization', paymentId: paymentIdOf(checkoutId) });
      case 'AWAIT_AUTHORIZATION':
        return this.run(checkoutId, context, await this.authorize(state, context));
      case 'COMPLETE':
        try {
          await this.deps.inventory.confirm(state.reservationId!, skus, context);
        } catch (error) {
          // The reservation expired while the payment was pending: nothing is held for this order.
          if (!(error instanceof DomainError)) throw error;
          this.deps.logger.warn({ checkoutId, err: error.message }, 'reservation lost before the order could be placed');
          // Undone like any failure (authorization voided, order back to DRAFT) before it is recorded:
          // recording it first would end the process with the order stuck in CHECKOUT_PENDING.
          return this.advance({ ...state, failure: { reason: 'RESERVATION_EXPIRED', outOfStockSkus: [], declineCode: null } }, context);
        }
        await this.deps.ordering.placeOrder(state.orderId, checkoutId, state.paymentId!, context);
        return this.run(checkoutId, context, { type: 'CompleteCheckout' });
      case 'FAIL': {
        const reason = state.failure?.reason ?? 'RESERVATION_EXPIRED';
        if (state.stockReserved) await this.deps.inventory.release(state.reservationId!, skus, 'CHECKOUT_FAILED', context);
        if (state.paymentAuthorized) await this.voidPayment(state.paymentId!, context);
        await this.deps.ordering.failCheckout(state.orderId, checkoutId, reason, context);
        return this.run(checkoutId, context, { type: 'FailCheckout', reason });
      }
      case undefined:
        return;
    }
  }

  private async reserve(state: CheckoutState, context: CommandContext): Promise<CheckoutCommand> {
    try {
      await this.deps.inventory.reserve(
        { reservationId: state.reservationId!, orderId: state.orderId, lines: state.lines, expiresAt: new Date(Date.now() + this.deps.reservationTtlMs) },
        context,
      );
      return { type: 'RecordStockReserved' };
    } catch (error) {
      if (error instanceof InsufficientStockError) return { type: 'RecordStockUnavailable', skus: error.skus };
      throw error;
    }
  }

  private async authorize(state: CheckoutState, context: CommandContext): Promise<CheckoutCommand> {
    try {
      const result = await this.deps.payments.authorize(
        { paymentId: state.paymentId!, orderId: state.orderId, amount: state.total!, token: state.paymentToken },
        context,
      );
      return result.outcome === 'AUTHORIZED' ? { type: 'RecordPaymentAuthorized' } : { type: 'RecordPaymentDeclined', declineCode: result.declineCode, bank: result.bank };
    } catch (error) {
      // The gateway kept failing after the service's retries, or refused the request outright:
      // give up cleanly rather than hold the stock.
      this.deps.logger.error({ checkoutId: state.checkoutId, err: error }, 'payment authorization failed');
      return { type: 'RecordPaymentFailed', error: (error as Error).message };
    }
  }

  /** Voids the authorization; one voided by an earlier run of this step that stopped before recording the failure is left as it is. */
  private async voidPayment(paymentId: string, context: CommandContext): Promise<void> {
    try {
      await this.deps.payments.void(paymentId, context);
    } catch (error) {
      if (error instanceof InvalidStateError && error.details.status === 'VOIDED') return;
      throw error;
    }
  }

  private async run(checkoutId: string, context: CommandContext, command: CheckoutCommand): Promise<void> {
    await handleCommand(this.deps.store, checkoutDecider, checkoutStreamId(checkoutId), command, context);
  }
}
