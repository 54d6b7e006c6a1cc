import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { Logger } from '../config/logger';
import { batchRefusal, bodyFailureAnswer, sendEarlyAnswer, type BodyFailure } from './http-guards';
import { setHeaders, type HeaderList } from './security-headers';

/** `application/json`, with no charset or UTF-8's: the bodies this path reads (body-parser decodes the others). */
const PLAIN_JSON = /^application\/json\s*(;\s*charset="?utf-8"?\s*)?$/i;

/**
 * Whether a request is one the GraphQL POST path takes: `POST /graphql` with a JSON body in UTF-8,
 * not compressed. Any other (GET, a query string, another charset, gzip…) goes through Express.
 */
export function isPlainGraphqlPost(req: IncomingMessage): boolean {
  if (req.method !== 'POST' || req.url !== '/graphql') return false;
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
  const type = req.headers['content-type'];
  return type !== undefined && PLAIN_JSON.test(type);
}

type BodyRead = { body: unknown } | { failure: BodyFailure } | 'aborted';

/** The request's JSON body, read as body-parser's `json({ limit })` reads it (strict: an object or an array). */
export function readJsonBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  const declared = req.headers['content-length'];
  const length = declared === undefined ? undefined : Number(declared);
  if (length !== undefined && length > limit) return Promise.resolve({ failure: { type: 'entity.too.large', status: 413, limit } });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const settle = (result: BodyRead) => {
      if (settled) return;
      settled = true;
      req.removeListener('data', onData);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      // The rest is not read: Node discards it once the answer is sent.
      if (received > limit) settle({ failure: { type: 'entity.too.large', status: 413, limit } });
      else chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => {
      if (length !== undefined && received !== length) return settle({ failure: { type: 'request.size.invalid', status: 400 } });
      settle(parseStrictJson(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    });
    req.once('error', () => settle('aborted'));
    req.once('close', () => settle('aborted'));
  });
}

const FIRST_CHARACTER = /^[\x20\x09\x0a\x0d]*(.)/;

function parseStrictJson(raw: string): BodyRead {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  if (text.length === 0) return { body: {} };
  const first = FIRST_CHARACTER.exec(text)?.[1];
  if (first !== '{' && first !== '[') return { failure: { type: 'entity.parse.failed', status: 400 } };
  try {
    return { body: JSON.parse(text) as unknown };
  } catch {
    return { failure: { type: 'entity.parse.failed', status: 400 } };
  }
}

export interface GraphqlPostOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  /** The answer headers every route sends (the security headers). */
  headers: HeaderList;
  /** CORS: sets its headers on the answer (a POST is never a preflight). */
  cors: (req: IncomingMessage, res: ServerResponse) => unknown;
  maxBodyBytes: number;
  maxBatchSize: number;
  context: (req: IncomingMessage) => Promise<TContext>;
  logger: Logger;
}

/**
 * `POST /graphql` straight on `node:http`: every mutation and query takes this path, and Express's
 * router, middleware chain and `res.send` (an ETag hashed for every answer) cost about a twentieth
 * of the server's CPU in the checkout loop. The answer is the one Express gives: the same security
 * and CORS headers, the same body limit, JSON refusals and batch guard, then Apollo.
 */
export function graphqlPostHandler<TContext extends BaseContext>(options: GraphqlPostOptions<TContext>) {
  const fail = (res: ServerResponse, error: BodyFailure) => {
    if (res.headersSent) res.destroy();
    else sendEarlyAnswer(res, bodyFailureAnswer(error, options.logger));
  };
  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    setHeaders(res, options.headers);
    options.cors(req, res);
    const read = await readJsonBody(req, options.maxBodyBytes);
    if (read === 'aborted') return;
    if ('failure' in read) return fail(res, read.failure);
    const refusal = batchRefusal(read.body, options.maxBatchSize);
    if (refusal) return sendEarlyAnswer(res, refusal);
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const result = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: 'POST', headers, search: '', body: read.body },
      context: () => options.context(req),
    });
    for (const [key, value] of result.headers) res.setHeader(key, value);
    res.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      res.setHeader('Content-Length', Buffer.byteLength(result.body.string));
      res.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) res.write(chunk);
    res.end();
  };
  return (req: IncomingMessage, res: ServerResponse): void => {
    answer(req, res).catch((error: unknown) => fail(res, error as BodyFailure));
  };
}
