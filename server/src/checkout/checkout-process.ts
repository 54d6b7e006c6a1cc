import type { CommandContext } from '../commands/command-context';
import { fold } from '../commands/decider';
import type { Logger } from '../config/logger';
import type { EventStore } from '../eventstore/event-store';
import { ConcurrencyError, type RecordedEvent, type StreamAppend } from '../eventstore/types';
import { InsufficientStockError } from '../inventory/errors';
import type { InventoryService } from '../inventory/inventory-service';
import { reservationOf } from '../inventory/stock-decider';
import type { CheckoutRequest } from '../ordering/events';
import type { OrderingService } from '../ordering/ordering-service';
import { GatewayUnavailableError, TransientGatewayError } from '../payments/payment-gateway';
import { PaymentTokenVault } from '../payments/payment-token-vault';
import type { PaymentAppend, PaymentsService } from '../payments/payments-service';
import type { Delivery, ProcessManager } from '../process/process-manager';
import { DomainError, InvalidStateError, NotFoundError } from '../shared/errors';
import { checkoutDecider, type CheckoutCommand, type CheckoutState } from './checkout-decider';
import { react, recording, type CheckoutAction, type CheckoutInput, type CheckoutOutcome } from './checkout-saga';
import { checkoutEventTypes, checkoutStreamId, type CheckoutEvent } from './events';

export { paymentIdOf, reservationIdOf } from './checkout-saga';

export interface CheckoutProcessDeps {
  store: Pick<EventStore, 'readStream' | 'append' | 'appendToStreams'>;
  ordering: Pick<OrderingService, 'placeOrder' | 'failCheckout'>;
  inventory: Pick<InventoryService, 'reserve' | 'confirm' | 'release' | 'loadStock'>;
  payments: Pick<PaymentsService, 'creation' | 'authorizeUnrecorded' | 'releaseHold'>;
  /** Where checkout requests leave their payment token; a finished checkout's is deleted. */
  tokens: Pick<PaymentTokenVault, 'put' | 'discard'>;
  logger: Logger;
  /** How long stock stays reserved for a checkout that has not completed. */
  reservationTtlMs: number;
}

/** A checkout moves through at most a dozen actions; more means the saga stopped making progress. */
const MAX_ROUNDS = 25;
/** How often a checkout is re-read and resumed when its stream moved underneath (another run got there first). */
const MAX_RELOADS = 5;
/** How many finished checkouts are remembered, so the deliveries of their own events cost nothing. */
const SETTLED_MEMORY = 10_000;

/**
 * Where a checkout stands in this run: its state (recorded and noted), the stream version it was
 * recorded up to, the noted events the next record appends first, and the appends to other
 * streams that go with it (the payment's authorization outcome), each with what to do once it has
 * committed.
 */
interface Run {
  tenantId: string;
  checkoutId: string;
  streamId: string;
  state: CheckoutState;
  version: number;
  noted: CheckoutEvent[];
  alongside: { append: StreamAppend; recorded: () => void }[];
}

/**
 * The checkout saga's executor. The order's CheckoutRequested drives the whole checkout in one
 * handler call: reserve stock (all lines or none) → authorize the payment → place the order; or
 * release what was reserved, void any authorization and send the order back to DRAFT. The saga
 * (checkout-saga.ts) decides each next action from the checkout's state; this class only carries
 * them out: a success appends to the checkout stream twice (once the stock is reserved, and once
 * more in the order's own append that places it), the steps between noted in memory until then.
 *
 * Crash safety: the process manager's checkpoint passes CheckoutRequested only once this handler
 * has returned, so a run that stops anywhere is handed the request again and resumes from what
 * the checkout stream recorded; what was only noted is decided again. Every effect is keyed by
 * the checkout (the reservation is named after it, the payment id derived from it), so a resumed
 * run neither reserves nor charges twice.
 *
 * It also follows the checkout's own events, for checkouts that are not driven to their end by a
 * request delivered to this code (one left half-way by a version that took a step per event):
 * such a delivery reads the stream and resumes it. Checkouts this process finished are remembered,
 * so their own events cost nothing.
 */
export class CheckoutProcess implements ProcessManager {
  readonly name = 'process:checkout';
  readonly eventTypes = ['CheckoutRequested', ...checkoutEventTypes];
  // Its own events are a backstop for checkouts left half-way (see above): read with the next
  // request or poll, not each time this process appends one.
  readonly wakeTypes = ['CheckoutRequested'];
  private readonly settled = new Set<string>();

  constructor(private readonly deps: CheckoutProcessDeps) {}

  /** Checkouts proceed independently of each other; each one's events are handled in order. */
  partitionOf(event: RecordedEvent): string {
    return `${event.tenantId}:${(event.data as { checkoutId: string }).checkoutId}`;
  }

  async handle(event: RecordedEvent, delivery?: Delivery): Promise<void> {
    if (this.settled.has(this.partitionOf(event))) return;
    const context: CommandContext = {
      tenantId: event.tenantId,
      metadata: { correlationId: event.metadata.correlationId, causationId: String(event.position), actor: 'checkout-process' },
    };
    if (event.type === 'CheckoutRequested') {
      const request = event.data as CheckoutRequest;
      const { checkoutId, orderId, attempt, lines, total } = request;
      const paymentTokenRef = await this.tokenRefOf(request, event.tenantId);
      // The checkout is new on a request's first delivery (its id is the request's own). Delivered
      // again, it is read: the checkout's first append follows its reservation, so a request for a
      // checkout that already failed (out of stock, say) would otherwise reserve stock before the
      // append found the stream taken.
      const run = delivery?.first ? newRun(event.tenantId, checkoutId) : await this.load(event.tenantId, checkoutId);
      await this.drive(run, context, { type: 'CheckoutRequested', checkoutId, orderId, attempt, lines, total, paymentTokenRef });
    } else {
      const checkoutId = (event.data as CheckoutEvent['data']).checkoutId;
      await this.drive(await this.load(event.tenantId, checkoutId), context, undefined);
    }
  }

  /** Carries out what the saga says until it says nothing: the checkout has finished. */
  private async drive(run: Run, context: CommandContext, trigger: CheckoutInput | undefined): Promise<void> {
    let input = trigger;
    let reloads = 0;
    for (let round = 0; ; round++) {
      const actions = react(run.state, input);
      if (actions.length === 0) break;
      if (round >= MAX_ROUNDS) throw new Error(`checkout ${run.streamId} made no progress after ${round} rounds; next: ${JSON.stringify(actions)}`);
      const version = run.version;
      input = undefined;
      try {
        // The payment created by the record before it is authorized, when the two shared an append.
        let created: PaymentAppend | undefined;
        for (let i = 0; i < actions.length; i++) {
          const action = actions[i]!;
          const next = actions[i + 1];
          if (action.type === 'PlaceOrder' && next?.type === 'Record') {
            await this.placeAndRecord(action, next.commands, run, context);
            i++;
            continue;
          }
          if (action.type === 'Record' && next?.type === 'AuthorizePayment') {
            created = await this.recordCreatingPayment(run, action.commands, next, context);
            continue;
          }
          const outcome = action.type === 'AuthorizePayment' ? await this.authorize(action, run, context, created) : await this.execute(action, run, context);
          if (outcome) input = outcome;
        }
      } catch (error) {
        // Another run appended to this checkout, or recorded its payment's outcome: resume from what
        // it recorded (every effect is keyed).
        const ours = error instanceof ConcurrencyError && (error.streamId === run.streamId || run.alongside.some((a) => a.append.streamId === error.streamId));
        if (!ours || reloads++ >= MAX_RELOADS) throw error;
        Object.assign(run, await this.load(run.tenantId, run.checkoutId));
        input = trigger;
        continue;
      }
      if (run.version === version && input === undefined) {
        throw new Error(`checkout ${run.streamId} made no progress: ${JSON.stringify(actions)} recorded nothing`);
      }
    }
    const unrecorded = [...run.noted.map((e) => e.type), ...run.alongside.flatMap((a) => a.append.events.map((e) => e.type))];
    if (unrecorded.length > 0) throw new Error(`checkout ${run.streamId} finished with ${unrecorded.join(', ')} noted and not recorded`);
    if (run.state.status === 'COMPLETED' || run.state.status === 'FAILED') {
      // However it ended (out of stock before any payment, say), the token is of no more use. A
      // recorded authorization or decline means the payments service had already let it go.
      if (run.state.paymentTokenRef && !paymentOutcomeRecorded(run.state)) await this.deps.tokens.discard(run.tenantId, run.state.paymentTokenRef);
      this.remember(`${run.tenantId}:${run.checkoutId}`);
    }
  }

  /**
   * Requests recorded before the vault carry the token itself: it goes to the vault now, under the
   * reference a new request would have had, so the checkout's own events hold only the reference.
   */
  private async tokenRefOf(request: CheckoutRequest, tenantId: string): Promise<string> {
    if (request.paymentTokenRef !== undefined) return request.paymentTokenRef;
    const ref = PaymentTokenVault.refFor(request.orderId, request.idempotencyKey);
    await this.deps.tokens.put(tenantId, ref, request.paymentToken!);
    return ref;
  }

  private async execute(action: CheckoutAction, run: Run, context: CommandContext): Promise<CheckoutOutcome | undefined> {
    const { inventory, ordering } = this.deps;
    switch (action.type) {
      case 'Record':
        return this.record(run, action.commands, context);
      case 'Note':
        return this.note(run, action.commands);
      case 'ReserveStock':
        return this.reserve(action, context);
      case 'AuthorizePayment':
        return this.authorize(action, run, context);
      case 'ConfirmReservation':
        return this.confirm(action, context);
      case 'PlaceOrder':
        await ordering.placeOrder(action.orderId, action.checkoutId, action.paymentId, context);
        return undefined;
      case 'ReleaseStock':
        await inventory.release(action.reservationId, action.skus, 'CHECKOUT_FAILED', context);
        return undefined;
      case 'VoidAuthorization':
        await this.deps.payments.releaseHold(action.paymentId, context);
        return undefined;
      case 'FailOrderCheckout':
        await ordering.failCheckout(action.orderId, action.checkoutId, action.reason, context);
        return undefined;
    }
  }

  /**
   * Appends what was noted and what the commands decide, with what goes alongside, in one append,
   * at the version this run recorded up to; the state moves on in memory.
   */
  private async record(run: Run, commands: readonly CheckoutCommand[], context: CommandContext, also: StreamAppend[] = []): Promise<undefined> {
    const pending = pendingRecord(run, commands);
    const appends = [...(pending.append ? [pending.append] : []), ...run.alongside.map((a) => a.append), ...also];
    if (appends.length === 0) return undefined;
    await this.deps.store.appendToStreams(appends, { tenantId: context.tenantId, metadata: context.metadata });
    recorded(run, pending);
    return undefined;
  }

  /**
   * The record before the payment is authorized, creating the payment in the same append: one
   * commit fewer on every checkout's way. A payment that exists already (created on its own by a
   * run of an older version) makes that append conflict: the record then goes alone, and the
   * authorization reads the payment. Answers the creation when it was appended.
   */
  private async recordCreatingPayment(
    run: Run,
    commands: readonly CheckoutCommand[],
    authorize: Extract<CheckoutAction, { type: 'AuthorizePayment' }>,
    context: CommandContext,
  ): Promise<PaymentAppend | undefined> {
    const creation = this.paymentCreation(authorize);
    if (creation) {
      try {
        await this.record(run, commands, context, [creation]);
        return creation;
      } catch (error) {
        if (!(error instanceof ConcurrencyError && error.streamId === creation.streamId)) throw error;
      }
    }
    await this.record(run, commands, context);
    return undefined;
  }

  /**
   * Places the order and records the checkout's completion in one append to both streams. An
   * order placed already (by a run that stopped before recording, or one that placed and recorded
   * separately) decides nothing and appends nothing: the completion is then recorded on its own.
   */
  private async placeAndRecord(action: Extract<CheckoutAction, { type: 'PlaceOrder' }>, commands: readonly CheckoutCommand[], run: Run, context: CommandContext): Promise<void> {
    const pending = pendingRecord(run, commands);
    const placed = await this.deps.ordering.placeOrder(action.orderId, action.checkoutId, action.paymentId, context, {
      before: run.alongside.map((a) => a.append),
      after: pending.append ? [pending.append] : [],
    });
    if (placed.append === undefined) await this.record(run, commands, context);
    else recorded(run, pending);
  }

  /** Decides the commands now; their events wait for the next record. */
  private note(run: Run, commands: readonly CheckoutCommand[]): undefined {
    const { events, state } = recording(run.state, commands);
    run.noted.push(...events);
    run.state = state;
    return undefined;
  }

  private async reserve(action: Extract<CheckoutAction, { type: 'ReserveStock' }>, context: CommandContext): Promise<CheckoutOutcome> {
    try {
      const { lines } = await this.deps.inventory.reserve(
        { reservationId: action.reservationId, orderId: action.orderId, lines: action.lines, expiresAt: new Date(Date.now() + this.deps.reservationTtlMs) },
        context,
      );
      // Reserving again finds what an earlier run took; if that has expired meanwhile, it is gone.
      return lines.some((line) => line.status === 'RELEASED') ? { type: 'ReservationLost' } : { type: 'StockReserved' };
    } catch (error) {
      if (error instanceof InsufficientStockError) return { type: 'StockUnavailable', skus: error.skus };
      throw error;
    }
  }

  /**
   * The payment's creation, or none when the payment refuses the request (its input): the
   * authorization then refuses it too, which fails the checkout cleanly (PAYMENT_ERROR).
   */
  private paymentCreation(authorize: Extract<CheckoutAction, { type: 'AuthorizePayment' }>): PaymentAppend | undefined {
    try {
      return this.deps.payments.creation({ paymentId: authorize.paymentId, orderId: authorize.orderId, amount: authorize.amount });
    } catch (error) {
      if (error instanceof DomainError) return undefined;
      throw error;
    }
  }

  /**
   * Authorizes the payment; its outcome is appended with the checkout's next record (the order's
   * placement, or the decline), not on its own. A run that stops before then asks the gateway
   * again, with the same key, and gets the same answer.
   */
  private async authorize(action: Extract<CheckoutAction, { type: 'AuthorizePayment' }>, run: Run, context: CommandContext, created?: PaymentAppend): Promise<CheckoutOutcome> {
    try {
      const { result, record } = await this.deps.payments.authorizeUnrecorded({ paymentId: action.paymentId, orderId: action.orderId, amount: action.amount, ...action.payment }, context, { created });
      if (record) run.alongside.push(record);
      return result.outcome === 'AUTHORIZED' ? { type: 'PaymentAuthorized' } : { type: 'PaymentDeclined', declineCode: result.declineCode, bank: result.bank };
    } catch (error) {
      // The gateway kept failing after the service's retries, its circuit is open (it has been
      // failing for everyone), or the request was refused outright: give up cleanly rather than
      // hold the stock; the failure voids whatever the gateway may have authorized. Anything else
      // (the database, a bug) is thrown, and the step is asked again, with the same key, when the
      // request is delivered again.
      if (!isPaymentRefusal(error)) throw error;
      this.deps.logger.error({ paymentId: action.paymentId, err: error }, 'payment authorization failed');
      return { type: 'PaymentFailed', error: error.message };
    }
  }

  private async confirm(action: Extract<CheckoutAction, { type: 'ConfirmReservation' }>, context: CommandContext): Promise<CheckoutOutcome> {
    try {
      await this.deps.inventory.confirm(action.reservationId, action.skus, context);
      return { type: 'ReservationConfirmed' };
    } catch (error) {
      // Only a refusal because the reservation is gone (released when it expired while the payment
      // was pending) means nothing is held for the order; the SKUs' streams say whether that is it.
      const refused = error instanceof InvalidStateError || error instanceof NotFoundError;
      if (!(refused && (await this.reservationGone(action, context)))) throw error;
      this.deps.logger.warn({ reservationId: action.reservationId, err: error.message }, 'reservation lost before the order could be placed');
      return { type: 'ReservationLost' };
    }
  }

  /**
   * Whether a SKU's stream no longer holds the reservation: released, or finished so long ago that
   * the stock state no longer remembers it (it was never committed: the order was not placed).
   */
  private async reservationGone(action: Extract<CheckoutAction, { type: 'ConfirmReservation' }>, context: CommandContext): Promise<boolean> {
    const stocks = await Promise.all(action.skus.map((sku) => this.deps.inventory.loadStock(context.tenantId, sku)));
    return stocks.some((stock) => {
      const reservation = reservationOf(stock, action.reservationId);
      return reservation === undefined || reservation.status === 'RELEASED';
    });
  }

  private async load(tenantId: string, checkoutId: string): Promise<Run> {
    const streamId = checkoutStreamId(checkoutId);
    const history = await this.deps.store.readStream(streamId, { tenantId });
    return { ...newRun(tenantId, checkoutId), state: fold(checkoutDecider, history as unknown as CheckoutEvent[]), version: history.at(-1)?.streamVersion ?? 0 };
  }

  private remember(key: string): void {
    if (this.settled.size >= SETTLED_MEMORY) this.settled.delete(this.settled.values().next().value!);
    this.settled.add(key);
  }
}

/** A checkout with nothing recorded yet. */
function newRun(tenantId: string, checkoutId: string): Run {
  return { tenantId, checkoutId, streamId: checkoutStreamId(checkoutId), state: checkoutDecider.initialState(), version: 0, noted: [], alongside: [] };
}

/**
 * The append that records what `run` noted and what `commands` decide, at the version the run
 * recorded up to (none when there is nothing to record), and the checkout's state after it.
 */
function pendingRecord(run: Run, commands: readonly CheckoutCommand[]): { append: StreamAppend | undefined; state: CheckoutState } {
  const decided = recording(run.state, commands);
  const events = [...run.noted, ...decided.events];
  return { append: events.length === 0 ? undefined : { streamId: run.streamId, streamType: checkoutDecider.streamType, expectedVersion: run.version, events }, state: decided.state };
}

/** The run after its pending record was appended, with what went alongside: the state moves on in memory. */
function recorded(run: Run, pending: { append: StreamAppend | undefined; state: CheckoutState }): void {
  run.state = pending.state;
  run.version += pending.append?.events.length ?? 0;
  run.noted = [];
  const alongside = run.alongside;
  run.alongside = [];
  for (const { recorded: done } of alongside) done();
}

/**
 * What a payment authorization fails with when it is given up on: the gateway kept failing, its
 * circuit is open, or the payment refused the request (its input, its state, a token gone).
 */
function isPaymentRefusal(error: unknown): error is Error {
  return error instanceof TransientGatewayError || error instanceof GatewayUnavailableError || error instanceof DomainError;
}

/** The payments service answered with an outcome, which it gives only once the token has left the vault. */
const paymentOutcomeRecorded = (state: CheckoutState): boolean => state.paymentAuthorized || state.failure?.reason === 'PAYMENT_DECLINED';
