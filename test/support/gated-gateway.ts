import type { Money } from '../../server/src/shared/money';
import type { AuthorizeOutcome, PaymentGateway } from '../../server/src/payments/payment-gateway';

/**
 * A gateway whose authorizations hang until the test lets them go, so a checkout can be held at
 * "payment pending" (for a reservation to expire, or for the process to die mid-request).
 * With `providerAnswersFirst` the provider has already authorized when the call hangs: the answer
 * is on its way back, as when a process dies after the provider acted but before it heard.
 */
export class GatedGateway implements PaymentGateway {
  /** The idempotency key of every authorize call that reached this gateway. */
  readonly authorizeCalls: string[] = [];
  private gate: Promise<void>;
  private openGate!: () => void;
  private failGate!: (error: Error) => void;
  private arrivals: (() => void)[] = [];
  private heldCalls = 0;

  constructor(
    private readonly provider: PaymentGateway,
    private readonly options: { providerAnswersFirst?: boolean; holds?: (request: { token: string }) => boolean } = {},
  ) {
    this.gate = new Promise<void>((resolve, reject) => {
      this.openGate = resolve;
      this.failGate = reject;
    });
    // A gate failed while nobody waits on it must not count as an unhandled rejection.
    this.gate.catch(() => {});
  }

  async authorize(request: { tenantId: string; idempotencyKey: string; amount: Money; token: string }): Promise<AuthorizeOutcome> {
    // With `holds`, only the calls it picks wait at the gate; the others go straight through.
    if (this.options.holds && !this.options.holds(request)) return this.provider.authorize(request);
    this.authorizeCalls.push(request.idempotencyKey);
    const early = this.options.providerAnswersFirst ? await this.provider.authorize(request) : undefined;
    this.heldCalls++;
    this.arrivals.splice(0).forEach((arrived) => arrived());
    await this.gate;
    return early ?? this.provider.authorize(request);
  }

  /** Resolves once an authorize call is hanging at the gate (at once if one already is). */
  held(): Promise<void> {
    if (this.heldCalls > 0) return Promise.resolve();
    return new Promise((resolve) => this.arrivals.push(resolve));
  }

  /** Lets every held and future call through. */
  open(): void {
    this.openGate();
  }

  /** Every held and future call fails with `error`. */
  fail(error: Error): void {
    this.failGate(error);
  }

  capture(request: { tenantId: string; idempotencyKey: string; authorizationId: string; amount: Money }): Promise<void> {
    return this.provider.capture(request);
  }

  refund(request: { tenantId: string; idempotencyKey: string; authorizationId: string; amount: Money }): Promise<void> {
    return this.provider.refund(request);
  }

  void(request: { tenantId: string; idempotencyKey: string; authorizationId: string }): Promise<void> {
    return this.provider.void(request);
  }

  voidByAuthorizeKey(request: { tenantId: string; idempotencyKey: string; authorizeKey: string }): Promise<void> {
    return this.provider.voidByAuthorizeKey(request);
  }
}
