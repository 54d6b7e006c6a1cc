import type { Money } from '../../server/src/shared/money';
import { TransientGatewayError, type AuthorizeOutcome, type PaymentGateway } from '../../server/src/payments/payment-gateway';

type Call = { method: 'authorize' | 'capture' | 'refund' | 'void' | 'voidByAuthorizeKey'; idempotencyKey: string };

/** Wraps a gateway and records every call that reached it (failed ones included). */
export class CountingGateway implements PaymentGateway {
  readonly calls: Call[] = [];

  constructor(private readonly inner: PaymentGateway) {}

  count(method: Call['method']): number {
    return this.calls.filter((c) => c.method === method).length;
  }

  authorize(request: { tenantId: string; idempotencyKey: string; amount: Money; token: string }): Promise<AuthorizeOutcome> {
    this.calls.push({ method: 'authorize', idempotencyKey: request.idempotencyKey });
    return this.inner.authorize(request);
  }

  capture(request: { tenantId: string; idempotencyKey: string; authorizationId: string; amount: Money }): Promise<void> {
    this.calls.push({ method: 'capture', idempotencyKey: request.idempotencyKey });
    return this.inner.capture(request);
  }

  refund(request: { tenantId: string; idempotencyKey: string; authorizationId: string; amount: Money }): Promise<void> {
    this.calls.push({ method: 'refund', idempotencyKey: request.idempotencyKey });
    return this.inner.refund(request);
  }

  void(request: { tenantId: string; idempotencyKey: string; authorizationId: string }): Promise<void> {
    this.calls.push({ method: 'void', idempotencyKey: request.idempotencyKey });
    return this.inner.void(request);
  }

  voidByAuthorizeKey(request: { tenantId: string; idempotencyKey: string; authorizeKey: string }): Promise<void> {
    this.calls.push({ method: 'voidByAuthorizeKey', idempotencyKey: request.idempotencyKey });
    return this.inner.voidByAuthorizeKey(request);
  }
}

/** A gateway whose network is down: every call fails transiently. */
export class UnreachableGateway implements PaymentGateway {
  private fail(): never {
    throw new TransientGatewayError('connection reset');
  }
  async authorize(): Promise<AuthorizeOutcome> {
    return this.fail();
  }
  async capture(): Promise<void> {
    this.fail();
  }
  async refund(): Promise<void> {
    this.fail();
  }
  async void(): Promise<void> {
    this.fail();
  }
  async voidByAuthorizeKey(): Promise<void> {
    this.fail();
  }
}

/** Declines each payment with the code and bank scripted for it (its id is the idempotency key). */
export class ScriptedDeclineGateway implements PaymentGateway {
  private readonly script = new Map<string, { declineCode: string; bank: string }>();

  declineNext(paymentId: string, declineCode: string, bank: string): void {
    this.script.set(paymentId, { declineCode, bank });
  }

  async authorize(request: { idempotencyKey: string }): Promise<AuthorizeOutcome> {
    const planned = this.script.get(request.idempotencyKey);
    if (!planned) throw new Error(`no decline scripted for ${request.idempotencyKey}`);
    return { outcome: 'DECLINED', ...planned, message: `declined: ${planned.declineCode}` };
  }
  async capture(): Promise<void> {
    throw new Error('nothing to capture');
  }
  async refund(): Promise<void> {
    throw new Error('nothing to refund');
  }
  async void(): Promise<void> {
    throw new Error('nothing to void');
  }
  // Every authorization it answers is a decline: there is never a hold to release.
  async voidByAuthorizeKey(): Promise<void> {}
}
