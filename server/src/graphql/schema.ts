import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type AuthChecker, type ContainerType, type NonEmptyArray } from 'type-graphql';
import type { PubSub } from 'type-graphql';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ResolverClass = new (...args: any[]) => unknown;

/** Resolver instances by class: resolvers get their services through their constructors. */
export class ResolverContainer implements ContainerType {
  private readonly instances = new Map<unknown, unknown>();

  register<T>(type: new (...args: never[]) => T, instance: T): this {
    this.instances.set(type, instance);
    return this;
  }

  get(type: unknown): unknown {
    const instance = this.instances.get(type);
    if (!instance) throw new Error(`no instance registered for ${(type as { name?: string }).name}`);
    return instance;
  }
}

export async function buildGraphQLSchema(
  resolvers: readonly ResolverClass[],
  options: { container?: ContainerType; pubSub?: PubSub; authChecker?: AuthChecker<any, any> } = {},
): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: resolvers as unknown as NonEmptyArray<ResolverClass>,
    container: options.container,
    pubSub: options.pubSub,
    authChecker: options.authChecker,
    validate: false,
  });
}

/** The SDL committed as schema.graphql: sorted, so it only changes when the API does. */
export function printSortedSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
