import type { Knex } from 'knex';
import type { EventStore } from '../eventstore/event-store';
import type { ResolverContainer } from '../graphql/schema';
import type { Projector } from '../projector/projector';
import { CatalogService } from './catalog-service';
import { ProductListingQueries } from './product-listing-queries';
import { ProductListingResolver } from './product-listing-resolver';
import { productProjection } from './product-projection';
import { ProductQueries } from './product-queries';
import { ProductResolver } from './product-resolver';

export const catalogProjections = [productProjection];
export const catalogResolvers = [ProductResolver, ProductListingResolver];

export function createCatalogModule(deps: { db: Knex; store: EventStore }) {
  const queries = new ProductQueries(deps.db);
  const service = new CatalogService(deps.store, queries);
  return {
    queries,
    service,
    register(container: ResolverContainer, projector: Projector) {
      container.register(ProductResolver, new ProductResolver(service, queries, projector));
      container.register(ProductListingResolver, new ProductListingResolver(new ProductListingQueries(deps.db, queries)));
    },
  };
}
