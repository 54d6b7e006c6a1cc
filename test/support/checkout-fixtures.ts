import { testAppAt } from './app';
import { createProduct } from './catalog-fixtures';
import type { HttpClient } from './graphql-client';
import { allProjectedUpToNow, logDiagnosis } from './log-position';
import { EVENTUALLY_MS } from './eventually';

export const CHECKOUT_ORDER_FIELDS =
  'id status version total { amount currency } checkout { status failureReason outOfStockSkus declineCode attempts } payment { id status amountAuthorized { amount currency } amountCaptured { amount } amountRefunded { amount } }';

/** A warehouse with stock for the given SKUs (which must exist in the catalog). */
/** What a checkout that completed recorded on its stream, in order. */
export const COMPLETED_CHECKOUT = [
  'CheckoutStarted',
  'CheckoutStockReservationRequested',
  'CheckoutStockReserved',
  'CheckoutPaymentAuthorizationRequested',
  'CheckoutPaymentAuthorized',
  'CheckoutCompleted',
];

export async function stockUp(client: HttpClient, code: string, stock: Record<string, number>) {
  const { createWarehouse } = await client.data<{ createWarehouse: { id: string } }>('mutation($i: CreateWarehouseInput!) { createWarehouse(input: $i) { id } }', {
    i: { code, name: `Warehouse ${code}` },
  });
  for (const [sku, quantity] of Object.entries(stock)) {
    if (quantity === 0) continue;
    await client.data('mutation($i: ReceiveStockInput!) { receiveStock(input: $i) { sku } }', { i: { sku, warehouseId: createWarehouse.id, quantity } });
  }
  return createWarehouse.id;
}

/** A product with one variant per SKU, published, each SKU stocked as given. */
export async function stockedProduct(client: HttpClient, warehouseCode: string, skus: Record<string, { amount: number; stock: number }>) {
  const product = await createProduct(client, { variants: Object.entries(skus).map(([sku, v]) => ({ sku, amount: v.amount })) });
  const warehouseId = await stockUp(client, warehouseCode, Object.fromEntries(Object.entries(skus).map(([sku, v]) => [sku, v.stock])));
  return { ...product, warehouseId };
}

export async function draftOrder(client: HttpClient, lines: { variantId: string; quantity: number }[]) {
  const { createOrder } = await client.data<{ createOrder: { id: string } }>('mutation { createOrder { id } }');
  for (const line of lines) {
    await client.data('mutation($o: ID!, $v: ID!, $q: Int!) { addOrderItem(orderId: $o, variantId: $v, quantity: $q) { id } }', { o: createOrder.id, v: line.variantId, q: line.quantity });
  }
  return createOrder.id;
}

export function checkout(client: HttpClient, orderId: string, token: string, idempotencyKey: string) {
  return client.request<{ checkoutOrder: { id: string; status: string } }>(
    'mutation($o: ID!, $t: String!, $k: String!) { checkoutOrder(orderId: $o, payment: { token: $t }, idempotencyKey: $k) { id status } }',
    { o: orderId, t: token, k: idempotencyKey },
  );
}

/** Polls the order until its checkout has finished (COMPLETED or FAILED). */
export async function settledOrder(client: HttpClient, orderId: string, timeoutMs = EVENTUALLY_MS) {
  const deadline = Date.now() + timeoutMs;
  const read = async () => (await client.data<{ order: any }>(`query($id: ID!) { order(id: $id) { ${CHECKOUT_ORDER_FIELDS} } }`, { id: orderId })).order;
  for (;;) {
    const order = await read();
    const status = order.checkout?.status;
    if ((status === 'COMPLETED' && order.status === 'PLACED') || (status === 'FAILED' && order.status === 'DRAFT')) {
      // The checkout's outcome is its last event: once every read model has passed it, stock and
      // payment show the whole checkout too (their projections may trail the order's by a beat).
      await allProjectedUpToNow(testAppAt(client.baseUrl));
      return read();
    }
    if (Date.now() > deadline) {
      throw new Error(`checkout of ${orderId} did not settle: ${JSON.stringify(order)}; ${await logDiagnosis(testAppAt(client.baseUrl))}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function stockLevel(client: HttpClient, sku: string) {
  const { stockLevel } = await client.data<{ stockLevel: { onHand: number; reserved: number; available: number } }>(
    'query($s: String!) { stockLevel(sku: $s) { onHand reserved available } }',
    { s: sku },
  );
  return stockLevel;
}
