import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../config/logger';
import { LimitCode } from './limits';

function graphqlError(message: string, extensions: Record<string, unknown>) {
  return { errors: [{ message, extensions }] };
}

/** Batched requests (a JSON array body) are refused beyond `maxBatchSize`; 1 means not at all. */
export function batchSizeGuard(maxBatchSize: number): RequestHandler {
  return (req, res, next) => {
    const body: unknown = req.body;
    if (!Array.isArray(body) || (maxBatchSize > 1 && body.length <= maxBatchSize)) return next();
    const message = maxBatchSize > 1 ? `A batch may hold at most ${maxBatchSize} operations` : 'Batched requests are not accepted: send one operation per request';
    res.status(400).json(graphqlError(message, { code: LimitCode.batchTooLarge, limit: Math.max(maxBatchSize, 1), actual: body.length }));
  };
}

/**
 * Failures before GraphQL runs (body too large, body not JSON) answer in GraphQL's error shape
 * instead of Express's HTML page with a stack.
 */
export function bodyErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: { type?: string; status?: number; statusCode?: number; limit?: number }, _req, res, next) => {
    if (res.headersSent) return next(error);
    const status = error.status ?? error.statusCode ?? 500;
    if (error.type === 'entity.too.large') {
      res.status(413).json(graphqlError(`The request body is larger than ${error.limit} bytes`, { code: LimitCode.payloadTooLarge, limit: error.limit }));
    } else if (error.type === 'entity.parse.failed') {
      res.status(400).json(graphqlError('The request body is not valid JSON', { code: 'BAD_REQUEST' }));
    } else if (status >= 400 && status < 500) {
      res.status(status).json(graphqlError('The request could not be read', { code: 'BAD_REQUEST' }));
    } else {
      const errorId = randomUUID();
      logger.error({ err: error, errorId }, 'unexpected error before the GraphQL operation');
      res.status(500).json(graphqlError(`Internal server error (id ${errorId})`, { code: 'INTERNAL_SERVER_ERROR', errorId }));
    }
  };
}
