import type { CommandContext } from '../commands/command-context';
import { handleCommand } from '../commands/command-handler';
import { fold } from '../commands/decider';
import type { EventStore } from '../eventstore/event-store';
import { ConcurrencyError, type AppendResult } from '../eventstore/types';
import { BadUserInputError, NotFoundError } from '../shared/errors';
import { requireUuid } from '../shared/ids';
import type { Money } from '../shared/money';
import { text } from '../shared/validation';
import { paymentStreamId, type PaymentEvent } from './events';
import { authorizationOutcome, paymentDecider, type PaymentCommand, type PaymentState } from './payment-decider';
import type { PaymentGateway } from './payment-gateway';
import { KeyedLock } from '../shared/keyed-lock';
import { DEFAULT_RETRY, realSleep, retryTransient, type RetryPolicy, type Sleep } from './retry';

export interface PaymentsServiceOptions {
  retry?: RetryPolicy;
  /** How backoff waits; tests pass one that records the delays instead of waiting. */
  sleep?: Sleep;
}

export type AuthorizationResult = { outcome: 'AUTHORIZED' } | { outcome: 'DECLINED'; declineCode: string; bank: string };

export interface PaymentCommandResult {
  paymentId: string;
  append: AppendResult | undefined;
}

const MAX_APPEND_ATTEMPTS = 5;

function uuidInput(field: string, value: string): string {
  try {
    return requireUuid(field, value);
  } catch {
    throw new BadUserInputError(`${field} must be a UUID, got "${value}"`, { field });
  }
}

/**
 * Payments against the gateway port. The gateway is outside the database, so its calls are
 * at-least-once: each one carries a key derived from the decided events, so a repeat (retry,
 * crash before the append, a racing writer) asks the gateway the same question again and never
 * moves money twice.
 */
export class PaymentsService {
  private readonly retry: RetryPolicy;
  private readonly sleep: Sleep;
  private readonly settling = new KeyedLock();

  constructor(
    private readonly store: EventStore,
    private readonly gateway: PaymentGateway,
    options: PaymentsServiceOptions = {},
  ) {
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.sleep = options.sleep ?? realSleep;
  }

  /** The payment as its events say now (undefined when there is none). */
  async load(tenantId: string, paymentId: string): Promise<PaymentState | undefined> {
    const history = await this.store.readStream(paymentStreamId(requireUuid('Payment', paymentId)), { tenantId });
    return history.length === 0 ? undefined : fold(paymentDecider, history as unknown as PaymentEvent[]);
  }

  /**
   * Creates the payment (a no-op when it exists with the same order and amount) and authorizes it
   * once: a payment that already has an outcome answers with it without asking the gateway again.
   */
  async authorize(input: { paymentId: string; orderId: string; amount: Money; token: string }, ctx: CommandContext): Promise<AuthorizationResult> {
    const paymentId = uuidInput('paymentId', input.paymentId);
    const orderId = uuidInput('orderId', input.orderId);
    const token = text('token', input.token, { max: 200 });
    const streamId = paymentStreamId(paymentId);
    const created = await handleCommand(this.store, paymentDecider, streamId, { type: 'CreatePayment', paymentId, orderId, amount: input.amount }, ctx);
    const earlier = authorizationOutcome(created.state);
    if (earlier) return earlier;

    // The payment id is the key: a crash after the gateway answered and before the outcome was
    // recorded makes the next attempt get the same answer, not a second authorization.
    const answer = await retryTransient(() => this.gateway.authorize({ idempotencyKey: paymentId, amount: created.state.amount!, token }), this.retry, this.sleep);
    const command: PaymentCommand =
      answer.outcome === 'AUTHORIZED'
        ? { type: 'RecordAuthorization', authorizationId: answer.authorizationId }
        : { type: 'RecordDecline', declineCode: answer.declineCode, bank: answer.bank, message: answer.message };
    const recorded = await handleCommand(this.store, paymentDecider, streamId, command, ctx);
    return authorizationOutcome(recorded.state)!;
  }

  /**
   * Settles all or part of what is authorized and not yet captured. With a `captureId` the capture
   * happens at most once whatever the retries: a repeat finds it recorded, and the gateway hears
   * the same key.
   */
  capture(paymentId: string, amount: Money, ctx: CommandContext, options: { captureId?: string } = {}): Promise<PaymentCommandResult> {
    return this.settle(paymentId, { type: 'CapturePayment', amount, captureId: options.captureId }, ctx, async (state, event) => {
      if (event.type !== 'PaymentCaptured') return;
      const idempotencyKey = event.data.captureId ? `${state.paymentId}:capture:${event.data.captureId}` : `${state.paymentId}:capture:${event.data.totalCaptured.amount}`;
      await this.gateway.capture({ idempotencyKey, authorizationId: state.authorizationId!, amount: event.data.amount });
      return idempotencyKey;
    });
  }

  /** Pays back all or part of what is captured and not yet refunded. */
  refund(paymentId: string, amount: Money, reason: string, ctx: CommandContext): Promise<PaymentCommandResult> {
    return this.settle(paymentId, { type: 'RefundPayment', amount, reason }, ctx, async (state, event) => {
      if (event.type !== 'PaymentRefunded') return;
      const idempotencyKey = `${state.paymentId}:refund:${event.data.totalRefunded.amount}`;
      await this.gateway.refund({ idempotencyKey, authorizationId: state.authorizationId!, amount: event.data.amount });
      return idempotencyKey;
    });
  }

  /** Releases an authorization of which nothing was captured. */
  void(paymentId: string, ctx: CommandContext): Promise<PaymentCommandResult> {
    return this.settle(paymentId, { type: 'VoidPayment' }, ctx, async (state) => {
      const idempotencyKey = `${state.paymentId}:void`;
      await this.gateway.void({ idempotencyKey, authorizationId: state.authorizationId! });
      return idempotencyKey;
    });
  }

  /**
   * Decide, then ask the gateway, then append at the version decided on: the gateway only hears of
   * commands the decider accepted. Settlements of one payment take turns in this process; a writer
   * elsewhere that got in first makes us decide again on the newer state.
   */
  private settle(
    paymentId: string,
    command: PaymentCommand,
    ctx: CommandContext,
    callGateway: (state: PaymentState, event: PaymentEvent) => Promise<string | undefined>,
  ): Promise<PaymentCommandResult> {
    const id = requireUuid('Payment', paymentId);
    return this.settling.run([`${ctx.tenantId}:${id}`], () => this.decideCallAppend(id, command, ctx, callGateway));
  }

  private async decideCallAppend(
    id: string,
    command: PaymentCommand,
    ctx: CommandContext,
    callGateway: (state: PaymentState, event: PaymentEvent) => Promise<string | undefined>,
  ): Promise<PaymentCommandResult> {
    const streamId = paymentStreamId(id);
    for (let attempt = 1; ; attempt++) {
      const history = await this.store.readStream(streamId, { tenantId: ctx.tenantId });
      if (history.length === 0) throw new NotFoundError('Payment', id);
      const state = fold(paymentDecider, history as unknown as PaymentEvent[]);
      const version = history[history.length - 1]!.streamVersion;
      const events = paymentDecider.decide(command, state);
      if (events.length === 0) return { paymentId: id, append: undefined };
      const gatewayKey = await retryTransient(() => callGateway(state, events[0]!), this.retry, this.sleep);
      try {
        const append = await this.store.append(
          { streamId, streamType: paymentDecider.streamType, expectedVersion: version, events },
          { tenantId: ctx.tenantId, metadata: { ...ctx.metadata, gatewayIdempotencyKey: gatewayKey } },
        );
        return { paymentId: id, append };
      } catch (error) {
        if (error instanceof ConcurrencyError && attempt < MAX_APPEND_ATTEMPTS) continue;
        throw error;
      }
    }
  }
}
