import type { OrderCommandContext, OrderingService } from '../ordering/ordering-service';
import { MAX_PAYMENT_TOKEN_LENGTH, PaymentTokenVault } from '../payments/payment-token-vault';
import { text } from '../shared/validation';

/**
 * A customer's checkout request: the payment token goes to the vault, and the order records the
 * request with the token's reference only, so no token ever enters the event log. The vault's row
 * is written by the statement that records the request, so the token is there as soon as the
 * request is, before the checkout process can start.
 */
export class CheckoutRequests {
  constructor(
    private readonly ordering: Pick<OrderingService, 'requestCheckout'>,
    private readonly vault: Pick<PaymentTokenVault, 'putWithAppend' | 'refuseAnother'>,
  ) {}

  async request(orderId: string, input: { paymentToken: string; idempotencyKey: string }, context: OrderCommandContext) {
    const token = text('payment.token', input.paymentToken, { max: MAX_PAYMENT_TOKEN_LENGTH });
    const paymentTokenRef = PaymentTokenVault.refFor(orderId, input.idempotencyKey.trim());
    const vaulted = this.vault.putWithAppend(context.tenantId, paymentTokenRef, token);
    const result = await this.ordering.requestCheckout(orderId, { paymentTokenRef, idempotencyKey: input.idempotencyKey }, context, [vaulted.rows]);
    if (result.append) vaulted.appended();
    // The same request again records nothing: unless the key was reused with another token.
    else await this.vault.refuseAnother(context.tenantId, paymentTokenRef, token);
    return result;
  }
}
