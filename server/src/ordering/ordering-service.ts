import { handleCommand } from '../commands/command-handler';
import { KnownStreams } from '../commands/known-streams';
import type { EventStore } from '../eventstore/event-store';
import type { RowsWithAppend } from '../eventstore/rows-in-append';
import { ConcurrencyError, type StreamAppend, type StreamVersion } from '../eventstore/types';
import type { CommandContext } from '../commands/command-context';
import { NotFoundError } from '../shared/errors';
import { newId } from '../shared/ids';
import { orderStreamId } from './events';
import { ownOrdersOnly } from './order-access';
import { orderDecider, type OrderCommand, type OrderState } from './order-decider';
import { loadStream, type LoadedStream } from '../commands/streams';
import type { VariantCatalog } from './variant-catalog';

interface RunOptions {
  /** The order stream as the caller knows it (see HandleCommandOptions.from). */
  from?: LoadedStream<OrderState>;
  /** Streams the command was made from, which must not have moved (see HandleCommandOptions.unchanged). */
  unchanged?: StreamVersion[];
  /** Appends that commit with the command's events, if it decides any. */
  alsoAppend?: StreamAppend[];
  /** The same, ahead of the command's events in the log (see HandleCommandOptions.precededBy). */
  precededBy?: StreamAppend[];
  /** Rows of other tables that commit with the command's events (see AppendOptions.rows). */
  rows?: readonly RowsWithAppend[];
}

/** With `customerId`, the command acts for that customer: their own orders only, others' are NOT_FOUND. */
export interface OrderCommandContext extends CommandContext {
  customerId?: string;
}

/** How often an order line is made from a fresh product read when the product keeps changing underneath. */
const PRODUCT_READS = 3;

/** How many order streams a node remembers as its own commands left them. */
const REMEMBERED_ORDERS = 10_000;

export class OrderingService {
  /**
   * Each order stream as the last command on it in this process left it: the next command decides
   * on it first, without a load (`guess`): the checkout request after the items, the order placed
   * after the request. Another node's command since makes the append conflict, and the stream is
   * read again.
   */
  private readonly known = new KnownStreams<OrderState>({ max: REMEMBERED_ORDERS });

  constructor(
    private readonly store: EventStore,
    private readonly catalog: VariantCatalog,
  ) {}

  private async run(orderId: string, command: OrderCommand, { customerId, ...context }: OrderCommandContext, options: RunOptions = {}) {
    const decider = customerId === undefined ? orderDecider : ownOrdersOnly(orderDecider, customerId);
    const streamId = orderStreamId(orderId);
    const guess = this.known.get(context.tenantId, streamId);
    const { from, unchanged, alsoAppend, precededBy, rows } = options;
    const result = await handleCommand(this.store, decider, streamId, command, { ...context, from, guess, unchanged, precededBy, rows, alsoAppend: alsoAppend && (() => alsoAppend) }).catch((error: unknown) => {
      this.known.forget(context.tenantId, streamId);
      // The decider cannot name the order it found no trace of; this is where its id is known.
      if (error instanceof NotFoundError && error.what === 'Order' && error.id === undefined) throw new NotFoundError('Order', orderId);
      throw error;
    });
    if (!result.state.orderId) throw new NotFoundError('Order', orderId);
    this.known.remember(context.tenantId, result.stream);
    return { orderId, append: result.append };
  }

  /** `customerId`: who the order belongs to (whoever creates it; a staff member's own order is theirs). */
  createOrder(context: CommandContext, customerId?: string) {
    const orderId = newId();
    // A fresh random id names an empty stream: nothing to load.
    return this.run(orderId, { type: 'CreateOrder', orderId, customerId }, context, { from: { streamId: orderStreamId(orderId), state: orderDecider.initialState(), version: 0 } });
  }

  /**
   * The variant's snapshot is taken before deciding so the decider stays pure, from the product as
   * this process last read it: the append requires the product to stand at that version still, so
   * a price or status changed since (by any node) fails it, and the line is made again from a
   * fresh read. An order this process does not remember is loaded meanwhile: asked for in the same
   * tick as a product read, both streams come in one statement.
   */
  async addItem(orderId: string, variantId: string, quantity: number, context: OrderCommandContext) {
    const streamId = orderStreamId(orderId);
    for (let attempt = 1; ; attempt++) {
      const [{ item, source }, order] = await Promise.all([
        this.catalog.orderableVariant(context.tenantId, variantId, { fresh: attempt > 1 }),
        this.known.get(context.tenantId, streamId) ? undefined : loadStream(this.store, orderDecider, streamId, context.tenantId),
      ]);
      try {
        return await this.run(orderId, { type: 'AddItemToOrder', item, quantity }, context, { from: order, unchanged: [source] });
      } catch (error) {
        if (!(error instanceof ConcurrencyError && error.streamId === source.streamId) || attempt >= PRODUCT_READS) throw error;
      }
    }
  }

  changeItemQuantity(orderId: string, variantId: string, quantity: number, context: OrderCommandContext) {
    return this.run(orderId, { type: 'ChangeOrderItemQuantity', variantId, quantity }, context);
  }

  removeItem(orderId: string, variantId: string, context: OrderCommandContext) {
    return this.run(orderId, { type: 'RemoveItemFromOrder', variantId }, context);
  }

  /**
   * Records the customer's checkout request; the checkout process takes it from there. The request
   * records only the payment token's reference: `rows` (the vault's row of the token) commit with it.
   */
  requestCheckout(orderId: string, input: { paymentTokenRef: string; idempotencyKey: string }, context: OrderCommandContext, rows?: readonly RowsWithAppend[]) {
    const metadata = { ...context.metadata, idempotencyKey: input.idempotencyKey };
    return this.run(orderId, { type: 'RequestCheckout', checkoutId: newId(), ...input }, { ...context, metadata }, { rows });
  }

  /**
   * `also`: appends that commit with the OrderPlaced, appended only if the order is placed now (an
   * order placed already decides nothing, and `append` is then undefined): `before` it in the log
   * (the payment's authorization), and `after` it (the checkout's completion).
   */
  placeOrder(orderId: string, checkoutId: string, paymentId: string, context: CommandContext, also: { before?: StreamAppend[]; after?: StreamAppend[] } = {}) {
    return this.run(orderId, { type: 'PlaceOrder', checkoutId, paymentId }, context, { precededBy: also.before, alsoAppend: also.after });
  }

  failCheckout(orderId: string, checkoutId: string, reason: string, context: CommandContext) {
    return this.run(orderId, { type: 'FailCheckout', checkoutId, reason }, context);
  }

  /** Records the cancellation; releasing stock and settling the payment follow from the event (see fulfillment/order-cancellation). */
  cancelOrder(orderId: string, reason: string, context: OrderCommandContext) {
    return this.run(orderId, { type: 'CancelOrder', reason }, context);
  }
}
