import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import type { Request, RequestHandler, Response } from 'express';

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
function helmetFor(options: Pick<SecurityHeadersOptions, 'production'>): RequestHandler {
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

export type HeaderList = readonly (readonly [name: string, value: string])[];

/**
 * The headers helmet sets, asked of it once at start: with the options above they are the same for
 * every request (no nonce, nothing read from the request), so every answer, through Express or not
 * (the GraphQL POST path), gets this list without running helmet per request.
 */
export function securityHeaderList(options: Pick<SecurityHeadersOptions, 'production'>): HeaderList {
  const headers: [string, string][] = [];
  const recorder = { setHeader: (name: string, value: unknown) => headers.push([name, String(value)]), removeHeader: () => undefined };
  let passedOn = false;
  helmetFor(options)({ headers: {} } as Request, recorder as unknown as Response, () => {
    passedOn = true;
  });
  if (!passedOn) throw new Error('helmet did not pass the request on: its headers cannot be taken once');
  return headers;
}

/** Sets `headers` on an answer. */
export function setHeaders(res: ServerResponse, headers: HeaderList): void {
  for (const [name, value] of headers) res.setHeader(name, value);
}

/** Express middleware setting `headers` on every answer (the app also drops X-Powered-By, as helmet would). */
export function securityHeaders(headers: HeaderList): RequestHandler {
  return (_req, res, next) => {
    setHeaders(res, headers);
    next();
  };
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
export function corsPolicy(origins: readonly string[]): (req: IncomingMessage, res: ServerResponse) => 'answered' | 'pass' {
  const any = origins.includes('*');
  const allowed = new Set(origins);
  return (req, res) => {
    const vary = res.getHeader('Vary');
    res.setHeader('Vary', vary === undefined ? 'Origin' : `${String(vary)}, Origin`);
    const origin = req.headers.origin;
    const permitted = origin !== undefined && (any || allowed.has(origin));
    if (permitted) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    }
    if (req.method !== 'OPTIONS' || req.headers['access-control-request-method'] === undefined) return 'pass';
    // A preflight: answered here, whether allowed or not (without the allow headers it fails in the browser).
    if (permitted) {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      res.setHeader('Access-Control-Max-Age', '600');
    }
    res.statusCode = 204;
    res.end();
    return 'answered';
  };
}

/** `corsPolicy` as Express middleware. */
export function cors(origins: readonly string[]): RequestHandler {
  const policy = corsPolicy(origins);
  return (req, res, next) => {
    if (policy(req, res) === 'pass') next();
  };
}
