/** What the GraphQL benches need of the demo shop: published variants with stock, and callers. */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { App } from '../../app/app';
import { Role } from '../../auth/roles';
import { DEFAULT_TENANT } from '../../eventstore/types';
import { newId } from '../../shared/ids';
import type { GraphQL } from './harness';

export interface BenchVariant {
  id: string;
  sku: string;
}

/**
 * Creates `products` published products of `variantsPerProduct` variants each, with
 * `stockPerSku` units of every SKU in one new warehouse.
 */
export async function createStockedCatalog(
  admin: GraphQL,
  options: { label: string; products: number; variantsPerProduct: number; stockPerSku: number },
  signal?: AbortSignal,
): Promise<BenchVariant[]> {
  const run = newId().slice(0, 8).toUpperCase();
  const { createWarehouse } = await admin<{ createWarehouse: { id: string } }>(
    'mutation($c: String!, $n: String!) { createWarehouse(input: { code: $c, name: $n }) { id } }',
    { c: `B-${run}`, n: `Bench ${options.label}` },
    signal,
  );
  const variants: BenchVariant[] = [];
  for (let p = 0; p < options.products; p++) {
    const { createProduct } = await admin<{ createProduct: { id: string } }>(
      'mutation($n: String!) { createProduct(input: { name: $n, description: "bench" }) { id } }',
      { n: `Bench ${options.label} ${p + 1}` },
      signal,
    );
    for (let v = 0; v < options.variantsPerProduct; v++) {
      const sku = `BENCH-${run}-${p}-${v}`;
      const { addProductVariant } = await admin<{ addProductVariant: { variants: { id: string; sku: string }[] } }>(
        'mutation($p: ID!, $sku: String!, $n: String!) { addProductVariant(productId: $p, input: { sku: $sku, name: $n, price: { amount: 1900, currency: "EUR" } }) { variants { id sku } } }',
        { p: createProduct.id, sku, n: `Variant ${v + 1}` },
        signal,
      );
      const added = addProductVariant.variants.find((x) => x.sku === sku);
      if (!added) throw new Error(`variant ${sku} missing after addProductVariant`);
      variants.push(added);
      await admin(
        'mutation($w: ID!, $sku: String!, $q: Int!) { receiveStock(input: { sku: $sku, warehouseId: $w, quantity: $q }) { sku } }',
        { w: createWarehouse.id, sku, q: options.stockPerSku },
        signal,
      );
    }
    await admin('mutation($p: ID!) { publishProduct(id: $p) { id } }', { p: createProduct.id }, signal);
  }
  return variants;
}

/** A customer of the demo shop and their token (minted: the bench needs no accounts). */
export async function customer(app: App): Promise<{ userId: string; token: string }> {
  const userId = newId();
  const { token } = await app.tokens.issue({ userId, shopId: DEFAULT_TENANT, role: Role.CUSTOMER });
  return { userId, token };
}

export async function adminToken(app: App): Promise<string> {
  const { token } = await app.tokens.issue({ userId: newId(), shopId: DEFAULT_TENANT, role: Role.ADMIN });
  return token;
}

/** A graphql-ws client on its own socket, as a browser tab would have. */
export function wsClient(app: Pick<App, 'url'>, token: string): Client {
  return createClient({
    url: `${app.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
    // A refused or dropped socket must show up as an error of the bench, not as a silent wait.
    onNonLazyError: (error) => console.error('bench: websocket error', error),
  });
}

/** Disposes clients, tolerating ones already closed. */
export async function disposeAll(clients: readonly Client[]): Promise<void> {
  await Promise.all(clients.map(async (client) => {
    try {
      await client.dispose();
    } catch {
      // already closed
    }
  }));
}
