import fs from 'node:fs';
import path from 'node:path';
import compression from 'compression';
import type { Request, RequestHandler } from 'express';
import { REVALIDATE } from './cache-control';

/**
 * A browser opening /graphql: it asks for HTML before anything else. A client that accepts
 * any type (curl's default) or JSON gets the GraphQL endpoint, as before.
 */
export function prefersHtml(req: Request): boolean {
  return req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';
}

/**
 * GraphiQL for browsers at GET /graphql: the page Vite builds from web/graphiql.html, bundled
 * with its editor and workers, so it works without internet. Every other request (POST, GET
 * asking for JSON) goes on to the GraphQL endpoint.
 */
export function graphiqlPage(distDir: string | undefined): RequestHandler[] {
  const page = distDir ? path.join(distDir, 'graphiql.html') : undefined;
  const built = page !== undefined && fs.existsSync(page);
  return [
    (req, res, next) => {
      // One URL, two answers: caches must key them by Accept.
      res.vary('Accept');
      return prefersHtml(req) ? next() : next('route');
    },
    compression(),
    (_req, res, next) => {
      if (!built) {
        res.status(404).type('text/plain').send('GraphiQL is not built: run `npm run build:web` and restart the server.');
        return;
      }
      res.sendFile(page, { cacheControl: false, headers: { 'Cache-Control': REVALIDATE } }, (error) => error && next(error));
    },
  ];
}
