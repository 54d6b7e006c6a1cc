import { describe, expect, it } from 'vitest';
import { buildSchema, GraphQLError, specifiedRules } from 'graphql';
import { ValidatedDocuments } from '../../server/src/graphql/validated-documents';

const schema = buildSchema('type Query { order(id: ID!): Order } type Order { id: ID! status: String }');

describe('validated documents (the WebSocket path)', () => {
  it('parses and validates a text once, and gives the same document for it after', () => {
    const documents = new ValidatedDocuments(schema, specifiedRules);
    const first = documents.get('query($id: ID!) { order(id: $id) { id status } }');
    expect(first.errors).toBeUndefined();
    expect(documents.get('query($id: ID!) { order(id: $id) { id status } }').document).toBe(first.document);
  });

  it('answers the validation errors of a refused text each time, keeping nothing of it', () => {
    const documents = new ValidatedDocuments(schema, specifiedRules);
    const once = documents.get('{ order(id: "1") { price } }');
    const again = documents.get('{ order(id: "1") { price } }');
    expect(once.errors?.[0]?.message).toMatch(/Cannot query field "price"/);
    expect(again.errors).not.toBe(once.errors);
    expect(again.errors?.[0]?.message).toBe(once.errors?.[0]?.message);
  });

  it("throws graphql-js's own error for a text that does not parse", () => {
    expect(() => new ValidatedDocuments(schema, specifiedRules).get('{ order(')).toThrow(GraphQLError);
  });

  it('keeps no text over its length bound, and no more texts than its bound', () => {
    const documents = new ValidatedDocuments(schema, specifiedRules, 2, 60);
    const long = `{ order(id: "${'1'.repeat(60)}") { id } }`;
    expect(documents.get(long).document).not.toBe(documents.get(long).document);
    const texts = ['{ order(id: "a") { id } }', '{ order(id: "b") { id } }', '{ order(id: "c") { id } }'];
    const kept = texts.map((text) => documents.get(text).document);
    // The first was the least recently used of three: it went.
    expect(documents.get(texts[0]!).document).not.toBe(kept[0]);
    expect(documents.get(texts[2]!).document).toBe(kept[2]);
  });
});
