import type { OrderCommandContext, OrderingService } from '../ordering/ordering-service';
import { MAX_PAYMENT_TOKEN_LENGTH, PaymentTokenVault } from '../payments/payment-token-vault';
import { text } from '../shared/validation';

/**
 * A customer's checkout request: the payment token goes to the vault, and the order records the
 * request with the token's reference only, so no token ever enters the event log. The token is in
 * the vault before the request is recorded, since the checkout process may start at once.
 */
export class CheckoutRequests {
  constructor(
    private readonly ordering: Pick<OrderingService, 'requestCheckout'>,
    private readonly vault: Pick<PaymentTokenVault, 'put'>,
  ) {}

  async request(orderId: string, input: { paymentToken: string; idempotencyKey: string }, context: OrderCommandContext) {
    const token = text('payment.token', input.paymentToken, { max: MAX_PAYMENT_TOKEN_LENGTH });
    const paymentTokenRef = PaymentTokenVault.refFor(orderId, input.idempotencyKey.trim());
    await this.vault.put(context.tenantId, paymentTokenRef, token);
    return this.ordering.requestCheckout(orderId, { paymentTokenRef, idempotencyKey: input.idempotencyKey }, context);
  }
}
