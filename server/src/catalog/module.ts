import type { Knex } from 'knex';
import type { EventStore } from '../eventstore/event-store';
import type { ResolverContainer } from '../graphql/schema';
import type { Projector } from '../projector/projector';
import { BrandResolver } from './brand-resolver';
import { brandProjection } from './brand-projection';
import { CatalogService } from './catalog-service';
import { CategoryResolver } from './category-resolver';
import { categoryProjection } from './category-projection';
import { classificationProjection } from './classification-projection';
import { ProductClassificationResolver } from './product-classification-resolver';
import { ProductListingQueries } from './product-listing-queries';
import { ProductListingResolver } from './product-listing-resolver';
import { productProjection } from './product-projection';
import { ProductQueries } from './product-queries';
import { ProductResolver } from './product-resolver';
import { TaxonomyQueries } from './taxonomy-queries';
import { TaxonomyService } from './taxonomy-service';

export const catalogProjections = [productProjection, brandProjection, categoryProjection, classificationProjection];
export const catalogResolvers = [ProductResolver, ProductListingResolver, BrandResolver, CategoryResolver, ProductClassificationResolver];

export function createCatalogModule(deps: { db: Knex; store: EventStore }) {
  const queries = new ProductQueries(deps.db);
  const service = new CatalogService(deps.store, queries);
  const taxonomyQueries = new TaxonomyQueries(deps.db);
  const taxonomy = new TaxonomyService(deps.store, service);
  return {
    queries,
    service,
    taxonomy,
    taxonomyQueries,
    register(container: ResolverContainer, projector: Projector) {
      container.register(ProductResolver, new ProductResolver(service, queries, projector));
      container.register(ProductListingResolver, new ProductListingResolver(new ProductListingQueries(deps.db, queries)));
      container.register(BrandResolver, new BrandResolver(taxonomy, taxonomyQueries, projector));
      container.register(CategoryResolver, new CategoryResolver(taxonomy, taxonomyQueries, projector));
      container.register(ProductClassificationResolver, new ProductClassificationResolver(taxonomy, taxonomyQueries, queries, projector));
    },
  };
}
