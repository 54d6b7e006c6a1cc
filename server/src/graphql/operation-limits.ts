import { GraphQLError, Kind, visit, BREAK, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode, type ValueNode } from 'graphql';
import { createRequire } from 'node:module';
import type * as QueryComplexity from 'graphql-query-complexity';
import { LimitCode, type ApiLimits } from './limits';
import { checkStringInput } from './string-input';

// Its CommonJS build on purpose: the ESM build imports graphql's .mjs files, a second copy of
// graphql beside the CommonJS one the schema is built with ("from another module or realm").
const { fieldExtensionsEstimator, getComplexity, simpleEstimator } = createRequire(import.meta.url)('graphql-query-complexity') as typeof QueryComplexity;
type ComplexityEstimator = QueryComplexity.ComplexityEstimator;

/**
 * A page field costs its selection once per row it may return. Fields that declare their own
 * `complexity` (type-graphql `@Field({ complexity })`) are priced by the estimator before this one.
 */
const pageSizeEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (!field.args.some((arg) => arg.name === 'first')) return undefined;
  const first = typeof args.first === 'number' && Number.isFinite(args.first) ? Math.max(args.first, 1) : 1;
  return 1 + first * childComplexity;
};

const estimators = [fieldExtensionsEstimator(), pageSizeEstimator, simpleEstimator({ defaultComplexity: 1 })];

interface Shape {
  depth: number;
  aliases: number;
}

/**
 * Depth and alias count of a selection, fragments expanded. Each fragment is measured once per
 * context, so a fragment spread a thousand times does not cost a thousand walks.
 */
class ShapeWalker {
  private readonly memo = new Map<string, Shape>();
  private readonly visiting = new Set<string>();

  constructor(private readonly fragments: Map<string, FragmentDefinitionNode>) {}

  measure(selectionSet: SelectionSetNode | undefined, inIntrospection: boolean): Shape {
    let depth = 0;
    let aliases = 0;
    for (const selection of selectionSet?.selections ?? []) {
      let child: Shape;
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const introspection = inIntrospection || name === '__schema' || name === '__type';
        const inner = this.measure(selection.selectionSet, introspection);
        // `ofType` chains wrap one type in another: they cannot fan out, and the standard
        // introspection query nests them eight deep.
        const counts = !(inIntrospection && name === 'ofType');
        child = { depth: inner.depth + (counts ? 1 : 0), aliases: inner.aliases + (selection.alias && selection.alias.value !== name ? 1 : 0) };
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        child = this.measure(selection.selectionSet, inIntrospection);
      } else {
        child = this.fragment(selection.name.value, inIntrospection);
      }
      depth = Math.max(depth, child.depth);
      aliases += child.aliases;
    }
    return { depth, aliases };
  }

  private fragment(name: string, inIntrospection: boolean): Shape {
    const key = `${inIntrospection ? 'i' : 'o'}:${name}`;
    const known = this.memo.get(key);
    if (known) return known;
    const definition = this.fragments.get(name);
    // Unknown or cyclic fragments are validation errors reported elsewhere.
    if (!definition || this.visiting.has(key)) return { depth: 0, aliases: 0 };
    this.visiting.add(key);
    const shape = this.measure(definition.selectionSet, inIntrospection);
    this.visiting.delete(key);
    this.memo.set(key, shape);
    return shape;
  }
}

function rootFieldCount(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen = new Set<string>()): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) count += selection.name.value === '__typename' ? 0 : 1;
    else if (selection.kind === Kind.INLINE_FRAGMENT) count += rootFieldCount(selection.selectionSet, fragments, seen);
    else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const definition = fragments.get(selection.name.value);
      if (definition) count += rootFieldCount(definition.selectionSet, fragments, seen);
    }
  }
  return count;
}

function refusal(code: string, message: string, details: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...details } });
}

export function selectOperation(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operationName) return operations.find((o) => o.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}

/** Mutation root fields: what the rate limit counts. */
export function mutationFieldCount(document: DocumentNode, operation: OperationDefinitionNode): number {
  return operation.operation === 'mutation' ? rootFieldCount(operation.selectionSet, fragmentsOf(document)) : 0;
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  return fragments;
}

/** What an operation's checks found that depends on its document alone, kept with the document. */
interface Measured {
  depth: number;
  aliases: number;
  rootFields: number;
  /** Whether a variable can change the estimated cost (see `costReadsVariables`). */
  costReadsVariables: boolean;
  /** The estimated cost, once measured, when neither a variable nor a field's own cost function can change it. */
  complexity?: number;
}

/**
 * Per parsed document (Apollo keeps one per query text in its document store; the WebSocket path
 * keeps its own, see ValidatedDocuments), per operation name: the shape, and the cost when the
 * variables cannot change it. Walking the document with the schema's types for the cost was a
 * tenth of a millisecond of every request's CPU, for the same answer each time.
 */
const measuredByDocument = new WeakMap<DocumentNode, Map<string, Measured>>();

/** Schemas where some field declares a cost of its own (`complexity` in its extensions), which may read any argument. */
const fieldCostsBySchema = new WeakMap<GraphQLSchema, boolean>();

function schemaHasFieldCosts(schema: GraphQLSchema): boolean {
  let known = fieldCostsBySchema.get(schema);
  if (known === undefined) {
    // type-graphql gives every field a `complexity` key, undefined unless the field sets one.
    known = Object.values(schema.getTypeMap()).some(
      (type) => !type.name.startsWith('__') && 'getFields' in type && Object.values(type.getFields()).some((field) => field.extensions?.complexity != null),
    );
    fieldCostsBySchema.set(schema, known);
  }
  return known;
}

const usesVariable = (value: ValueNode): boolean =>
  value.kind === Kind.VARIABLE || (value.kind === Kind.LIST && value.values.some(usesVariable)) || (value.kind === Kind.OBJECT && value.fields.some((f) => usesVariable(f.value)));

/**
 * Whether a variable can change the document's estimated cost: the estimators read no argument
 * but a page field's `first`, and the cost leaves out what `@include` or `@skip` drop. So a
 * variable counts only where it feeds a `first` or an `@include`/`@skip` condition, anywhere in
 * the document (fragments included); one feeding a mutation's input, say, cannot.
 */
export function costReadsVariables(document: DocumentNode): boolean {
  let reads = false;
  visit(document, {
    Argument(node) {
      if (node.name.value === 'first' && usesVariable(node.value)) {
        reads = true;
        return BREAK;
      }
      return undefined;
    },
    Directive(node) {
      if ((node.name.value === 'include' || node.name.value === 'skip') && node.arguments?.some((argument) => usesVariable(argument.value))) {
        reads = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return reads;
}

/** The cost kept for an operation of `document` (named `operationName`), if its checks measured one that no variable can change. */
export function keptCostOf(document: DocumentNode, operationName = ''): number | undefined {
  return measuredByDocument.get(document)?.get(operationName)?.complexity;
}

function measure(document: DocumentNode, operation: OperationDefinitionNode): Measured {
  let byOperation = measuredByDocument.get(document);
  if (!byOperation) {
    byOperation = new Map();
    measuredByDocument.set(document, byOperation);
  }
  const key = operation.name?.value ?? '';
  let measured = byOperation.get(key);
  if (!measured) {
    const fragments = fragmentsOf(document);
    const shape = new ShapeWalker(fragments).measure(operation.selectionSet, false);
    measured = { ...shape, rootFields: rootFieldCount(operation.selectionSet, fragments), costReadsVariables: costReadsVariables(document) };
    byOperation.set(key, measured);
  }
  return measured;
}

/**
 * The string, shape and cost checks, on a parsed and validated document before anything executes.
 * Returns the refusal, or undefined when the operation may run.
 */
export function checkOperationLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  limits: Pick<ApiLimits, 'maxDepth' | 'maxComplexity' | 'maxAliases' | 'maxRootFields'>,
): GraphQLError | undefined {
  const badString = checkStringInput(document, variables);
  if (badString) return badString;
  const shape = measure(document, operation);
  if (shape.aliases > limits.maxAliases) {
    return refusal(LimitCode.tooManyAliases, `The operation uses ${shape.aliases} aliases; at most ${limits.maxAliases} are allowed`, { limit: limits.maxAliases, actual: shape.aliases });
  }
  const rootFields = shape.rootFields;
  if (rootFields > limits.maxRootFields) {
    return refusal(LimitCode.tooManyRootFields, `The operation selects ${rootFields} top-level fields; at most ${limits.maxRootFields} are allowed`, { limit: limits.maxRootFields, actual: rootFields });
  }
  if (shape.depth > limits.maxDepth) {
    return refusal(LimitCode.queryTooDeep, `The operation is nested ${shape.depth} levels deep; at most ${limits.maxDepth} are allowed`, { limit: limits.maxDepth, actual: shape.depth });
  }
  let complexity: number;
  try {
    complexity = shape.complexity ?? getComplexity({ schema, query: document, operationName: operation.name?.value, variables: variables ?? {}, estimators });
    // Kept when the document alone fixes it: no variable can change it, and no field prices itself.
    if (shape.complexity === undefined && !shape.costReadsVariables && !schemaHasFieldCosts(schema)) shape.complexity = complexity;
  } catch (error) {
    if (error instanceof GraphQLError && /maximum allowed number of nodes/.test(error.message)) {
      return refusal(LimitCode.queryTooComplex, 'The operation has too many fields to evaluate', { limit: limits.maxComplexity });
    }
    // Variables that do not fit their types: execution refuses them with its own error before
    // resolving anything.
    if (error instanceof GraphQLError) return undefined;
    throw error;
  }
  if (complexity > limits.maxComplexity) {
    return refusal(LimitCode.queryTooComplex, `The operation's estimated cost is ${complexity}; at most ${limits.maxComplexity} is allowed`, { limit: limits.maxComplexity, actual: complexity });
  }
  return undefined;
}
