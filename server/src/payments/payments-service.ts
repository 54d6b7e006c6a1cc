import type { CommandContext } from '../commands/command-context';
import { handleCommand } from '../commands/command-handler';
import { fold } from '../commands/decider';
import type { EventStore } from '../eventstore/event-store';
import { ConcurrencyError, type AppendResult, type StreamAppend } from '../eventstore/types';
import type { LoadedStream } from '../commands/streams';
import { BadUserInputError, NotFoundError } from '../shared/errors';
import { requireUuid } from '../shared/ids';
import type { Money } from '../shared/money';
import { text } from '../shared/validation';
import { paymentStreamId, type PaymentEvent } from './events';
import { authorizationOutcome, paymentDecider, type PaymentCommand, type PaymentState } from './payment-decider';
import { GatewayUnavailableError, type AuthorizeOutcome, type PaymentGateway } from './payment-gateway';
import { KeyedLock } from '../shared/keyed-lock';
import { conflictDelays, DEFAULT_CONFLICT_BACKOFF, DEFAULT_RETRY, realSleep, retryTransient, type ConflictBackoff, type RetryPolicy, type Sleep } from './retry';
import { PaymentStateError, PaymentTokenGoneError } from './errors';
import { MAX_PAYMENT_TOKEN_LENGTH, type PaymentTokenVault } from './payment-token-vault';

export interface PaymentsServiceOptions {
  retry?: RetryPolicy;
  /** How backoff waits; tests pass one that records the delays instead of waiting. */
  sleep?: Sleep;
  /** How a settlement that lost a race for the payment's stream decides again. */
  conflictBackoff?: ConflictBackoff;
  /** The gateway's circuit breaker, when there is one: while it refuses calls, no payment is started. */
  circuit?: { refusesCalls(): boolean };
}

export type AuthorizationResult = { outcome: 'AUTHORIZED' } | { outcome: 'DECLINED'; declineCode: string; bank: string };

export interface PaymentCommandResult {
  paymentId: string;
  append: AppendResult | undefined;
}

export type AuthorizationInput = { paymentId: string; orderId: string; amount: Money } & PaymentTokenSource;

/** An append to a payment's stream. */
export interface PaymentAppend extends StreamAppend {
  events: PaymentEvent[];
}

/** An authorization whose outcome the caller appends (see `authorizeUnrecorded`). */
export interface UnrecordedAuthorization {
  result: AuthorizationResult;
  /** The outcome's append, and what to call once it has committed; none when the outcome was on record already. */
  record?: { append: PaymentAppend; recorded: () => void };
}

/** Where the card token of an authorization comes from. */
export type PaymentTokenSource =
  /** The vault row a checkout request put it in (see PaymentTokenVault). */
  | { tokenRef: string }
  /** In the event itself, as checkouts requested before the vault recorded it. */
  | { token: string };

function uuidInput(field: string, value: string): string {
  try {
    return requireUuid(field, value);
  } catch {
    throw new BadUserInputError(`${field} must be a UUID, got "${value}"`, { field });
  }
}

/** The command that records the gateway's answer. */
const outcomeCommand = (answer: AuthorizeOutcome): PaymentCommand =>
  answer.outcome === 'AUTHORIZED'
    ? { type: 'RecordAuthorization', authorizationId: answer.authorizationId }
    : { type: 'RecordDecline', declineCode: answer.declineCode, bank: answer.bank, message: answer.message };

/** Statuses in which a payment holds nothing that a void could release. */
const NOTHING_HELD = new Set(['VOIDED', 'DECLINED']);

/**
 * Payments against the gateway port. The gateway is outside the database, so its calls are
 * at-least-once: each one carries a key derived from the decided events, so a repeat (retry,
 * crash before the append, a racing writer) asks the gateway the same question again and never
 * moves money twice.
 */
export class PaymentsService {
  private readonly retry: RetryPolicy;
  private readonly sleep: Sleep;
  private readonly conflictBackoff: ConflictBackoff;
  private readonly settling = new KeyedLock();

  constructor(
    private readonly store: EventStore,
    private readonly gateway: PaymentGateway,
    private readonly vault: PaymentTokenVault,
    private readonly options: PaymentsServiceOptions = {},
  ) {
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.sleep = options.sleep ?? realSleep;
    this.conflictBackoff = options.conflictBackoff ?? DEFAULT_CONFLICT_BACKOFF;
  }

  /** The payment as its events say now (undefined when there is none). */
  async load(tenantId: string, paymentId: string): Promise<PaymentState | undefined> {
    const history = await this.store.readStream(paymentStreamId(requireUuid('Payment', paymentId)), { tenantId });
    return history.length === 0 ? undefined : fold(paymentDecider, history as unknown as PaymentEvent[]);
  }

  /**
   * Creates the payment (a no-op when it exists with the same order and amount) and authorizes it
   * once: a payment that already has an outcome answers with it without asking the gateway again.
   * Once the outcome is recorded the token leaves the vault. While the gateway's circuit is open
   * a payment without an outcome fails with GatewayUnavailableError, before it is created if it is
   * new, so nothing can be held.
   */
  async authorize(input: AuthorizationInput, ctx: CommandContext): Promise<AuthorizationResult> {
    const asked = await this.askGateway(input, ctx);
    if (!('answer' in asked)) return asked.known;
    const recorded = await handleCommand(this.store, paymentDecider, asked.stream.streamId, outcomeCommand(asked.answer), { ...ctx, from: asked.stream });
    // Only now: until the outcome is recorded, a retry may need to ask the gateway again.
    this.forgetToken(input, ctx);
    return authorizationOutcome(recorded.state)!;
  }

  /**
   * The append that creates a new payment, for a caller to commit with its own (the checkout's
   * record before it authorizes), decided without a load: nearly every checkout's payment is new,
   * and one that exists already makes that append conflict. None while the gateway's circuit is
   * open: `authorize` then refuses a payment without an outcome before it is created.
   */
  creation(input: { paymentId: string; orderId: string; amount: Money }): PaymentAppend | undefined {
    if (this.options.circuit?.refusesCalls()) return undefined;
    const paymentId = uuidInput('paymentId', input.paymentId);
    const events = paymentDecider.decide({ type: 'CreatePayment', paymentId, orderId: uuidInput('orderId', input.orderId), amount: input.amount }, paymentDecider.initialState());
    return { streamId: paymentStreamId(paymentId), streamType: paymentDecider.streamType, expectedVersion: 0, events };
  }

  /**
   * `authorize`, except that the outcome is not appended here: it comes back as `record`, for the
   * caller to commit with its own next append (the checkout's), and to call `recorded` once that
   * has committed (the token then leaves the vault). Until then a repeat of this call (a resumed
   * checkout) asks the gateway again with the same key and gets the same answer. `created`: the
   * caller has committed `creation(input)` already, so the payment is not created (or read) here.
   */
  async authorizeUnrecorded(input: AuthorizationInput, ctx: CommandContext, options: { created?: PaymentAppend } = {}): Promise<UnrecordedAuthorization> {
    const asked = await this.askGateway(input, ctx, options.created);
    if (!('answer' in asked)) return { result: asked.known };
    const { stream } = asked;
    const events = paymentDecider.decide(outcomeCommand(asked.answer), stream.state);
    return {
      result: authorizationOutcome(events.reduce(paymentDecider.evolve, stream.state))!,
      record: {
        append: { streamId: stream.streamId, streamType: paymentDecider.streamType, expectedVersion: stream.version, events },
        recorded: () => this.forgetToken(input, ctx),
      },
    };
  }

  /**
   * Creates the payment if it must and asks the gateway, unless an outcome is known already (then
   * the token is let go). Answers the gateway's answer and the payment's stream it goes on.
   */
  private async askGateway(
    input: AuthorizationInput,
    ctx: CommandContext,
    created?: PaymentAppend,
  ): Promise<{ known: AuthorizationResult } | { answer: AuthorizeOutcome; stream: LoadedStream<PaymentState> }> {
    const paymentId = uuidInput('paymentId', input.paymentId);
    const orderId = uuidInput('orderId', input.orderId);
    const givenToken = 'token' in input ? text('token', input.token, { max: MAX_PAYMENT_TOKEN_LENGTH }) : undefined;
    if (this.options.circuit?.refusesCalls()) {
      // Nothing is asked of the gateway now, but an outcome already recorded is still the answer.
      const existing = await this.load(ctx.tenantId, paymentId);
      const known = existing && authorizationOutcome(existing);
      if (!known) throw new GatewayUnavailableError();
      this.forgetToken(input, ctx);
      return { known };
    }
    const streamId = paymentStreamId(paymentId);
    // Decided first on an empty stream, unread: nearly every call creates the payment. A payment
    // that exists already (a resumed checkout) makes that append conflict, and the retry reads it.
    // One the caller has just created is decided on as it left it: creating it again decides nothing.
    const from = created ? { streamId, state: created.events.reduce(paymentDecider.evolve, paymentDecider.initialState()), version: created.expectedVersion + created.events.length } : { streamId, state: paymentDecider.initialState(), version: 0 };
    const { state, stream } = await handleCommand(this.store, paymentDecider, streamId, { type: 'CreatePayment', paymentId, orderId, amount: input.amount }, { ...ctx, from });
    const earlier = authorizationOutcome(state);
    if (earlier) {
      this.forgetToken(input, ctx);
      return { known: earlier };
    }
    const token = 'token' in input ? givenToken : await this.vault.take(ctx.tenantId, input.tokenRef);
    if (token === undefined) throw new PaymentTokenGoneError('tokenRef' in input ? input.tokenRef : '');

    // The payment id is the key: a crash after the gateway answered and before the outcome was
    // recorded makes the next attempt get the same answer, not a second authorization.
    const answer = await retryTransient(() => this.gateway.authorize({ tenantId: ctx.tenantId, idempotencyKey: paymentId, amount: state.amount!, token }), this.retry, this.sleep);
    return { answer, stream };
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
      await this.gateway.capture({ tenantId: ctx.tenantId, idempotencyKey, authorizationId: state.authorizationId!, amount: event.data.amount });
      return idempotencyKey;
    });
  }

  /** Pays back all or part of what is captured and not yet refunded. */
  refund(paymentId: string, amount: Money, reason: string, ctx: CommandContext): Promise<PaymentCommandResult> {
    return this.settle(paymentId, { type: 'RefundPayment', amount, reason }, ctx, async (state, event) => {
      if (event.type !== 'PaymentRefunded') return;
      const idempotencyKey = `${state.paymentId}:refund:${event.data.totalRefunded.amount}`;
      await this.gateway.refund({ tenantId: ctx.tenantId, idempotencyKey, authorizationId: state.authorizationId!, amount: event.data.amount });
      return idempotencyKey;
    });
  }

  /**
   * Releases an authorization of which nothing was captured. With `unrecordedHold`, a PENDING
   * payment is voided too: the gateway is told to release whatever its authorize request (keyed by
   * the payment id) made, whether or not it answered.
   */
  void(paymentId: string, ctx: CommandContext, options: { unrecordedHold?: boolean } = {}): Promise<PaymentCommandResult> {
    return this.settle(paymentId, { type: 'VoidPayment', unrecordedHold: options.unrecordedHold }, ctx, async (state) => {
      if (state.authorizationId) {
        const idempotencyKey = `${state.paymentId}:void`;
        await this.gateway.void({ tenantId: ctx.tenantId, idempotencyKey, authorizationId: state.authorizationId });
        return idempotencyKey;
      }
      const idempotencyKey = `${state.paymentId}:void-unrecorded`;
      await this.gateway.voidByAuthorizeKey({ tenantId: ctx.tenantId, idempotencyKey, authorizeKey: state.paymentId! });
      return idempotencyKey;
    });
  }

  /**
   * For a payment given up on (a failed checkout): voids its authorization if it may have one,
   * recorded or not. A PENDING payment may have been authorized by the gateway without the answer
   * being heard or recorded, so it is voided at the gateway by its authorize key. Declined and
   * voided payments hold nothing.
   */
  async releaseHold(paymentId: string, ctx: CommandContext): Promise<void> {
    const payment = await this.load(ctx.tenantId, paymentId);
    if (!payment || NOTHING_HELD.has(payment.status)) return;
    try {
      await this.void(paymentId, ctx, { unrecordedHold: payment.status === 'PENDING' });
    } catch (error) {
      // Voided, or its outcome recorded as a decline, by another run meanwhile.
      if (error instanceof PaymentStateError && NOTHING_HELD.has(error.status)) return;
      throw error;
    }
  }

  /** The outcome is recorded: the token's row goes with the next batch of deletes (see discardSoon). */
  private forgetToken(source: PaymentTokenSource, ctx: CommandContext): void {
    if ('tokenRef' in source) this.vault.discardSoon(ctx.tenantId, source.tokenRef);
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
    const nextDelay = conflictDelays(this.conflictBackoff);
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
        if (!(error instanceof ConcurrencyError) || attempt >= this.conflictBackoff.attempts) throw error;
        // The other writer is likely still at it: wait a little (longer each time) before deciding again.
        await this.sleep(nextDelay());
      }
    }
  }
}
