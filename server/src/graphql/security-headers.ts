import helmet from 'helmet';
import type { RequestHandler } from 'express';

export interface SecurityHeadersOptions {
  /** HSTS only in production: a development server on plain http must not pin browsers to https. */
  production: boolean;
  /** Origins other sites' browsers may call the API from; `*` allows any; empty allows none. */
  corsOrigins: readonly string[];
}

/**
 * What browsers are told about every answer. The content security policy is the narrowest the web
 * app and the bundled GraphiQL run under: scripts only from this origin (no inline script), styles
 * inline too (Monaco and React set style attributes), workers from this origin or blob: (Monaco),
 * connections to this origin over http and ws (the API and its subscriptions), and no framing.
 */
export function securityHeaders(options: Pick<SecurityHeadersOptions, 'production'>): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        // 'self' covers ws: to the same host in current browsers; older ones needed the scheme.
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: options.production ? { maxAge: 180 * 24 * 60 * 60, includeSubDomains: true } : false,
    // The web app fetches nothing cross-origin, and GraphiQL's workers are same-origin.
    crossOriginEmbedderPolicy: false,
  });
}

/** Request headers a cross-origin GraphQL client sends: JSON, a token, a shop, Apollo's CSRF header, a correlation id, a mutation's idempotency key. */
const ALLOWED_HEADERS = 'content-type, authorization, x-shop, apollo-require-preflight, x-correlation-id, idempotency-key';
/** Answer headers a cross-origin page may read: the correlation id, and whether the answer is a stored one sent again. */
const EXPOSED_HEADERS = 'x-correlation-id, idempotent-replayed';

/**
 * CORS without a wildcard answer: an allowed origin is echoed back (with Vary: Origin), any other
 * gets no Access-Control-Allow-Origin, so its browser keeps the answer from the page. Tokens are
 * sent as a header, never a cookie, so credentials are not allowed.
 */
export function cors(origins: readonly string[]): RequestHandler {
  const any = origins.includes('*');
  const allowed = new Set(origins);
  return (req, res, next) => {
    res.vary('Origin');
    const origin = req.headers.origin;
    const permitted = origin !== undefined && (any || allowed.has(origin));
    if (permitted) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    }
    if (req.method !== 'OPTIONS' || req.headers['access-control-request-method'] === undefined) return next();
    // A preflight: answered here, whether allowed or not (without the allow headers it fails in the browser).
    if (permitted) {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      res.setHeader('Access-Control-Max-Age', '600');
    }
    res.status(204).end();
  };
}
