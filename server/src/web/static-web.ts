import path from 'node:path';
import compression from 'compression';
import express, { type Router } from 'express';
import { IMMUTABLE, REVALIDATE } from './cache-control';

/** Pages the built web app has besides its own; only the server decides when they are shown. */
const SERVER_ONLY_PAGES = new Set(['/graphiql.html']);

/**
 * The built web app (Vite's output): compressed files, hashed assets cached for good, pages
 * revalidated, and every other path answered with the app's index.html so client-side routes
 * survive a reload. A missing file under /assets/ is a 404, never the app's HTML: a stale page
 * asking for last deploy's bundle must fail visibly, not parse HTML as JavaScript.
 */
export function staticWebApp(distDir: string): Router {
  const router = express.Router();
  const indexHtml = path.join(distDir, 'index.html');
  router.use(compression());
  router.use((req, _res, next) => (SERVER_ONLY_PAGES.has(req.path) ? next('router') : next()));
  router.use(
    express.static(distDir, {
      index: false,
      cacheControl: false,
      setHeaders: (res, file) => {
        const relative = path.relative(distDir, file).split(path.sep);
        res.setHeader('Cache-Control', relative[0] === 'assets' ? IMMUTABLE : REVALIDATE);
      },
    }),
  );
  router.use('/assets', (_req, res) => {
    res.status(404).type('text/plain').setHeader('Cache-Control', REVALIDATE).send('Not found');
  });
  router.get(/.*/, (_req, res, next) => {
    res.sendFile(indexHtml, { cacheControl: false, headers: { 'Cache-Control': REVALIDATE } }, (error) => error && next(error));
  });
  return router;
}
