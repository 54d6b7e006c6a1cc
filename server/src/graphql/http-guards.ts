import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../config/logger';
import { LimitCode } from './limits';

/** An answer given before GraphQL runs: its HTTP status and JSON body, in GraphQL's error shape. */
export interface EarlyAnswer {
  status: number;
  body: { errors: { message: string; extensions: Record<string, unknown> }[] };
}

function graphqlError(status: number, message: string, extensions: Record<string, unknown>): EarlyAnswer {
  return { status, body: { errors: [{ message, extensions }] } };
}

/** Sends an early answer as Express's `res.status(…).json(…)` does. */
export function sendEarlyAnswer(res: ServerResponse, answer: EarlyAnswer): void {
  const json = JSON.stringify(answer.body);
  res.statusCode = answer.status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(json));
  res.end(json);
}

/** Batched requests (a JSON array body) are refused beyond `maxBatchSize`; 1 means not at all. */
export function batchRefusal(body: unknown, maxBatchSize: number): EarlyAnswer | undefined {
  if (!Array.isArray(body) || (maxBatchSize > 1 && body.length <= maxBatchSize)) return undefined;
  const message = maxBatchSize > 1 ? `A batch may hold at most ${maxBatchSize} operations` : 'Batched requests are not accepted: send one operation per request';
  return graphqlError(400, message, { code: LimitCode.batchTooLarge, limit: Math.max(maxBatchSize, 1), actual: body.length });
}

export function batchSizeGuard(maxBatchSize: number): RequestHandler {
  return (req, res, next) => {
    const refusal = batchRefusal(req.body, maxBatchSize);
    if (refusal) sendEarlyAnswer(res, refusal);
    else next();
  };
}

/** A failure to read a request's body, as body-parser reports it (`type`, `status`, `limit`). */
export interface BodyFailure {
  type?: string;
  status?: number;
  statusCode?: number;
  limit?: number;
}

/**
 * Failures before GraphQL runs (body too large, body not JSON, anything unexpected) answer in
 * GraphQL's error shape instead of Express's HTML page with a stack.
 */
export function bodyFailureAnswer(error: BodyFailure, logger: Logger): EarlyAnswer {
  const status = error.status ?? error.statusCode ?? 500;
  if (error.type === 'entity.too.large') return graphqlError(413, `The request body is larger than ${error.limit} bytes`, { code: LimitCode.payloadTooLarge, limit: error.limit });
  if (error.type === 'entity.parse.failed') return graphqlError(400, 'The request body is not valid JSON', { code: 'BAD_REQUEST' });
  if (status >= 400 && status < 500) return graphqlError(status, 'The request could not be read', { code: 'BAD_REQUEST' });
  const errorId = randomUUID();
  logger.error({ err: error, errorId }, 'unexpected error before the GraphQL operation');
  return graphqlError(500, `Internal server error (id ${errorId})`, { code: 'INTERNAL_SERVER_ERROR', errorId });
}

export function bodyErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: BodyFailure, _req, res, next) => {
    if (res.headersSent) return next(error);
    sendEarlyAnswer(res, bodyFailureAnswer(error, logger));
  };
}
