import type { HttpClient } from './graphql-client';

export const PRODUCT_FIELDS = 'id name description status version variants { id sku name price { amount currency } }';
export const ORDER_FIELDS = 'id status version items { variantId sku productName variantName unitPrice { amount currency } quantity lineTotal { amount currency } } total { amount currency } createdAt updatedAt';

/** Creates a product with the given variants through the API, published unless told otherwise. */
export async function createProduct(
  client: HttpClient,
  options: { name?: string; variants: { sku: string; name?: string; amount: number; currency?: string }[]; publish?: boolean },
) {
  const { createProduct: product } = await client.data<{ createProduct: { id: string } }>(
    'mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }',
    { input: { name: options.name ?? 'Test product', description: 'for tests' } },
  );
  let variants: { id: string; sku: string }[] = [];
  for (const v of options.variants) {
    const result = await client.data<{ addProductVariant: { variants: { id: string; sku: string }[] } }>(
      'mutation($id: ID!, $input: AddProductVariantInput!) { addProductVariant(productId: $id, input: $input) { variants { id sku } } }',
      { id: product.id, input: { sku: v.sku, name: v.name ?? v.sku, price: { amount: v.amount, currency: v.currency ?? 'EUR' } } },
    );
    variants = result.addProductVariant.variants;
  }
  if (options.publish !== false) await client.data('mutation($id: ID!) { publishProduct(id: $id) { id } }', { id: product.id });
  const variantId = (sku: string) => variants.find((v) => v.sku === sku)!.id;
  return { productId: product.id, variants, variantId };
}
