/** Inventory's view of the catalog: stock may only be received for a SKU the catalog knows. */
export interface SkuRegistry {
  exists(tenantId: string, sku: string): Promise<boolean>;
}
