import { LRUCache } from 'lru-cache';
import { GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';

/** A query text parsed and validated: its document, or the errors that refuse it. */
export type Validated = { document: DocumentNode; errors?: undefined } | { document?: undefined; errors: readonly GraphQLError[] };

/**
 * Parsed and validated documents by query text, for the WebSocket path (Apollo keeps its own for
 * HTTP): a client subscribing once per order sends the same text each time, and validating it
 * again on every subscribe was 1.4 % of the server's CPU in the checkout loop (`--cpu-prof`).
 * Validation depends only on the text, the schema and the rules, all fixed here. Only texts that
 * pass are kept, and none over `maxTextLength`; the least recently used go past `max`. The
 * document is shared and never changed (graphql-js treats it as immutable), which also lets the
 * operation checks keep what they measured of it.
 */
export class ValidatedDocuments {
  private readonly cache: LRUCache<string, Validated>;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly rules: readonly ValidationRule[],
    max = 1_000,
    private readonly maxTextLength = 20_000,
  ) {
    this.cache = new LRUCache({ max });
  }

  /** The document for `query`; throws graphql-js's GraphQLError when the text does not parse. */
  get(query: string): Validated {
    const known = this.cache.get(query);
    if (known) return known;
    const document = parse(query);
    const errors = validate(this.schema, document, this.rules);
    // Refused texts are not kept: their errors go out to the client, each answer its own.
    if (errors.length > 0) return { errors };
    const validated: Validated = { document };
    if (query.length <= this.maxTextLength) this.cache.set(query, validated);
    return validated;
  }
}
