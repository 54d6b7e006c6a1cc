import { Field, ObjectType, type ClassType } from 'type-graphql';
import { BadUserInputError } from '../shared/errors';

@ObjectType('PageInfo')
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

/** The Relay `<Name>Edge` and `<Name>Connection` types of a paged list of `Node`s. */
export function connectionTypes<Node extends object>(name: string, nodeType: ClassType<Node>) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => nodeType)
    node!: Node;

    @Field(() => String)
    cursor!: string;
  }

  @ObjectType(`${name}Connection`)
  class Connection {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }

  return { Edge, Connection };
}

export const MAX_PAGE_SIZE = 100;

/** Cursors are opaque to clients; inside they are the row's position in its listing. */
export function encodeCursor(seq: number): string {
  return Buffer.from(`seq:${seq}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined | null): number | undefined {
  if (cursor === undefined || cursor === null) return undefined;
  const match = /^seq:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw new BadUserInputError(`"${cursor}" is not a valid cursor`);
  return Number(match[1]);
}

export function pageSize(first: number | undefined | null, fallback = 20): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) throw new BadUserInputError(`first must be between 1 and ${MAX_PAGE_SIZE}`);
  return size;
}

/** Builds a Relay page from rows fetched with one extra row to tell whether more follow. */
export function toPage<Row extends { seq: number }, Node>(rows: Row[], size: number, toNode: (row: Row) => Node) {
  const pageRows = rows.slice(0, size);
  const edges = pageRows.map((row) => ({ node: toNode(row), cursor: encodeCursor(row.seq) }));
  return { edges, pageInfo: { hasNextPage: rows.length > size, endCursor: edges.length ? edges[edges.length - 1]!.cursor : null } };
}
