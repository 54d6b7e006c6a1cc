import { catalogProjections, catalogResolvers } from '../catalog/module';
import { orderingProjections, orderingResolvers } from '../ordering/module';
import type { Projection } from '../projector/projection';
import type { ResolverClass } from '../graphql/schema';

/** Every bounded context's projections and resolvers: the one place that lists them all. */
export const allProjections: readonly Projection[] = [...catalogProjections, ...orderingProjections];
export const allResolvers: readonly ResolverClass[] = [...catalogResolvers, ...orderingResolvers];
