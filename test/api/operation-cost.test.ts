import { parse, type OperationDefinitionNode } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { allResolvers } from '../../server/src/app/contexts';
import { roleAuthChecker } from '../../server/src/auth/auth-checker';
import { DEFAULT_API_LIMITS } from '../../server/src/graphql/limits';
import { checkOperationLimits, costReadsVariables, keptCostOf } from '../../server/src/graphql/operation-limits';
import { createChangePubSub } from '../../server/src/graphql/pubsub';
import { buildGraphQLSchema } from '../../server/src/graphql/schema';
import type { GraphQLSchema } from 'graphql';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildGraphQLSchema(allResolvers, { pubSub: createChangePubSub(), authChecker: roleAuthChecker });
});

const ADD_ITEM = 'mutation($o: ID!, $v: ID!, $q: Int!) { addOrderItem(orderId: $o, variantId: $v, quantity: $q) { id items { sku quantity } } }';
const PAGED = 'query($n: Int) { orders(first: $n) { edges { node { id } } } }';
const INCLUDED = 'query($b: Boolean!) { orders(first: 5) @include(if: $b) { edges { node { id } } } }';
const SPREAD = 'query($n: Int) { ...Page } fragment Page on Query { orders(first: $n) { edges { node { id } } } }';
const LITERAL_SKIP = 'query($n: Int) { orders(first: 5) @skip(if: false) { edges { node { id } } } products(first: 2) { edges { node { id } } } }';

const check = (text: string, variables: Record<string, unknown>) => {
  const document = parse(text);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
  return { document, refusal: checkOperationLimits(schema, document, operation, variables, DEFAULT_API_LIMITS) };
};

describe("an operation's estimated cost", () => {
  it('can change with a variable only where one feeds a page size or an @include/@skip condition', () => {
    expect([ADD_ITEM, PAGED, INCLUDED, SPREAD, LITERAL_SKIP].map((text) => costReadsVariables(parse(text)))).toEqual([false, true, true, true, false]);
  });

  it('is kept with a document no variable can change, and measured afresh for every other', () => {
    const kept = [check(ADD_ITEM, { o: 'x', v: 'y', q: 2 }), check(LITERAL_SKIP, {})];
    const measured = [check(PAGED, { n: 10 }), check(INCLUDED, { b: true }), check(SPREAD, { n: 10 })];
    for (const { refusal } of [...kept, ...measured]) expect(refusal).toBeUndefined();
    expect(kept.map(({ document }) => keptCostOf(document))).toEqual([expect.any(Number), expect.any(Number)]);
    expect(measured.map(({ document }) => keptCostOf(document))).toEqual([undefined, undefined, undefined]);
  });
});
