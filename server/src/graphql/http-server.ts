import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { GraphQLError, NoSchemaIntrospectionCustomRule, specifiedRules, type GraphQLSchema } from 'graphql';
import type { Logger } from '../config/logger';
import { createErrorFormatter } from './errors';
import { createTransportContext, type TransportContext } from './transport-context';
import type { Caller } from './context';
import type { Credentials } from '../auth/caller-resolver';
import type { Principal } from '../auth/principal';
import { DomainError } from '../shared/errors';
import { LimitCode, resolveLimits, WS_CLOSE_TOO_MANY_CONNECTIONS, type ApiLimits } from './limits';
import { checkOperationLimits, mutationFieldCount, selectOperation } from './operation-limits';
import { MutationRateLimiter, type RateLimitKeyOf } from './mutation-rate-limit';
import { limitsPlugin } from './limits-plugin';
import { isDatabaseUnavailable, unavailablePlugin } from './unavailable';
import { ServiceUnavailableError } from './outcome-errors';
import { ConnectionLimit } from './ws-connection-limit';
import { divertClientProtocolErrors } from './ws-protocol-errors';
import { dropSlowConsumer } from './ws-slow-consumer';
import { variableErrors } from './ws-variables';
import { batchSizeGuard, bodyErrorHandler } from './http-guards';
import { closeAtExpiry } from './ws-expiry';
import { clientAddress, type TrustProxy } from './client-address';
import { CORRELATION_HEADER, incomingCorrelationId, requestLogPlugin } from './request-log';
import { ValidatedDocuments, type Validated } from './validated-documents';
import type { Idempotency } from './idempotency';
import { idempotencyPlugin } from './idempotency-plugin';
import { idempotentExecute } from './idempotency-ws';
import { graphiqlPage } from '../web/graphiql';
import { staticWebApp } from '../web/static-web';
import { cors, corsPolicy, securityHeaderList, securityHeaders } from './security-headers';
import { graphqlPostHandler, isPlainGraphqlPost } from './graphql-post';

export interface HttpServerOptions {
  schema: GraphQLSchema;
  logger: Logger;
  introspection: boolean;
  production: boolean;
  /** Readiness: resolves when the database answers. */
  health: () => Promise<Record<string, unknown>>;
  /** Built web app to serve at /, when present. */
  webDistDir?: string;
  /** GraphiQL (from the built web app) for browsers at GET /graphql; off by default in production. */
  graphiql?: boolean;
  /** Depth, cost, aliases, batch, body and message sizes, connections, mutation rate; defaults where absent. */
  limits?: Partial<ApiLimits>;
  /** Express's `trust proxy` setting: which proxies' X-Forwarded-For names the client. Off when absent. */
  trustProxy?: boolean | number | string;
  /** Whose budget a mutation spends; the client address until accounts exist. */
  rateLimitKey?: RateLimitKeyOf;
  /** Who is calling, from a request's token and shop header (or the WebSocket's connectionParams). */
  authenticate: (credentials: Credentials) => Promise<Caller>;
  /** Watches a signed-in socket until it closes, closing it if its token is revoked; answers the way to stop watching. */
  watchSocket?: (principal: Principal, socket: { close(code: number, reason: string): void }) => () => void;
  /** Idempotency keys of mutations (HTTP `Idempotency-Key`, graphql-ws `extensions.idempotencyKey`); off when absent. */
  idempotency?: Idempotency;
  /** More Apollo plugins (e.g. metrics). */
  plugins?: ApolloServerPlugin<TransportContext>[];
  /** More routes (e.g. /metrics, /ready), mounted before GraphQL and the web app. */
  routes?: (app: express.Express) => void;
  /** Whether to serve the API (GraphQL over HTTP and WebSocket) and the web app; a worker node serves only /health and `routes` (default true). */
  serveApi?: boolean;
  /** Origins browsers may call /graphql from (`*`: any); by default any outside production and none in it. */
  corsOrigins?: readonly string[];
}

export interface RunningHttpServer {
  url: string;
  port: number;
  /** WebSocket connections open right now. */
  openSockets(): number;
  close(): Promise<void>;
}

/** HTTP and WebSocket GraphQL on one port and one path, plus /health and the web app. */
export async function startHttpServer(options: HttpServerOptions, port: number): Promise<RunningHttpServer> {
  const app = express();
  // Set by the time the server listens (Apollo needs the server for its drain plugin first).
  let graphqlPost: ((req: http.IncomingMessage, res: http.ServerResponse) => void) | undefined;
  const httpServer = http.createServer((req, res) => {
    if (graphqlPost && isPlainGraphqlPost(req)) graphqlPost(req, res);
    else app(req, res);
  });
  const formatError = createErrorFormatter(options.logger);

  const limits = resolveLimits(options.limits);
  const rateLimiter = new MutationRateLimiter(limits.mutationRateLimit, limits.mutationRateWindowSeconds, options.rateLimitKey);
  if (options.trustProxy !== undefined) app.set('trust proxy', options.trustProxy);
  const headers = securityHeaderList({ production: options.production });
  const corsOrigins = options.corsOrigins ?? (options.production ? [] : ['*']);
  app.disable('x-powered-by');
  app.use(securityHeaders(headers));
  app.use('/graphql', cors(corsOrigins));
  const trust = options.trustProxy !== undefined ? (app.get('trust proxy fn') as TrustProxy) : undefined;

  // Apollo's `introspection: false` does not reach graphql-ws.
  const wsValidationRules = options.introspection ? specifiedRules : [...specifiedRules, NoSchemaIntrospectionCustomRule];
  const wsDocuments = new ValidatedDocuments(options.schema, wsValidationRules);
  // Upgrades are taken by hand so that a connection over the limits is closed with a reason
  // before graphql-ws ever sees it.
  const wsServer = new WebSocketServer({ noServer: true, path: '/graphql', maxPayload: limits.maxWebSocketMessageBytes });
  const connections = new ConnectionLimit(limits.maxWebSocketConnections, limits.maxWebSocketConnectionsPerClient);
  if (options.serveApi !== false) httpServer.on('upgrade', (request, socket, head) => {
    wsServer.handleUpgrade(request, socket, head, (ws) => {
      const client = clientAddress(request, trust);
      const refusal = connections.acquire(client);
      if (refusal) {
        ws.close(WS_CLOSE_TOO_MANY_CONNECTIONS, refusal);
        return;
      }
      ws.once('close', () => connections.release(client));
      divertClientProtocolErrors(ws, (error) => options.logger.warn({ client, reason: error.message }, 'WebSocket closed for a protocol violation'));
      dropSlowConsumer(ws, limits.maxWebSocketBufferedBytes, (bufferedBytes) => options.logger.warn({ client, bufferedBytes }, 'WebSocket dropped: its client does not read what it is sent'));
      wsServer.emit('connection', ws, request);
    });
  });
  const wsCleanup = useServer<Record<string, unknown>, { caller?: Caller }>(
    {
      schema: options.schema,
      ...(options.idempotency ? { execute: idempotentExecute(options.idempotency, (e) => formatError(e.toJSON(), e)) } : {}),
      // Subscriptions are for signed-in accounts: the socket is refused without a valid token,
      // and closed when the token expires.
      onConnect: async (ctx) => {
        try {
          const caller = await options.authenticate({ authorization: ctx.connectionParams?.authorization, shop: ctx.connectionParams?.shop });
          if (!caller.principal) return false;
          ctx.extra.caller = caller;
          const socket = ctx.extra.socket;
          socket.once('close', closeAtExpiry(socket, caller.principal.expiresAt));
          if (options.watchSocket) socket.once('close', options.watchSocket(caller.principal, socket));
          return true;
        } catch (error) {
          if (error instanceof DomainError) return false;
          // 1013 "try again later", as for a full server: the client's retry will get through.
          if (isDatabaseUnavailable(error)) {
            ctx.extra.socket.close(WS_CLOSE_TOO_MANY_CONNECTIONS, 'SERVICE_UNAVAILABLE: the database is unavailable');
            return false;
          }
          throw error;
        }
      },
      // graphql-ws would parse, validate and execute on its own: the same checks as Apollo's
      // pipeline run here, and a refused operation never reaches execution.
      onSubscribe: async (ctx, _id, payload) => {
        // graphql-ws has reserved this operation's id already, so it is among them.
        const running = Object.keys(ctx.subscriptions).length;
        if (running > limits.maxOperationsPerWebSocket) {
          return [new GraphQLError(`At most ${limits.maxOperationsPerWebSocket} operations may run at once on one connection`, { extensions: { code: LimitCode.tooManyOperations, limit: limits.maxOperationsPerWebSocket } })];
        }
        let validated: Validated;
        try {
          validated = wsDocuments.get(payload.query);
        } catch (error) {
          if (!(error instanceof GraphQLError)) throw error;
          return [new GraphQLError(error.message, { source: error.source, positions: error.positions, extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
        }
        if (validated.errors) return [...validated.errors];
        const { document } = validated;
        const operation = selectOperation(document, payload.operationName);
        if (!operation) return [new GraphQLError('Unable to identify the operation to run', { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } })];
        const refusal = checkOperationLimits(options.schema, document, operation, payload.variables ?? undefined, limits);
        if (refusal) return [refusal];
        const badVariables = variableErrors(options.schema, operation, payload.variables);
        if (badVariables) return badVariables;
        const contextValue = { ...createTransportContext(clientAddress(ctx.extra.request, trust), ctx.extra.caller), idempotencyKey: payload.extensions?.idempotencyKey };
        const limited = await rateLimiter.consume({ context: contextValue, remoteAddress: contextValue.remoteAddress }, mutationFieldCount(document, operation));
        if (limited) return [limited];
        return { schema: options.schema, document, operationName: payload.operationName, variableValues: payload.variables, contextValue };
      },
      // graphql-ws bypasses Apollo's pipeline, so its results go through the same error policy.
      onNext: (_ctx, _id, _payload, _args, result) =>
        // A keyed mutation's errors come formatted already (idempotentExecute): the stored answer is the one sent.
        result.errors?.length ? { ...result, errors: result.errors.map((e) => (e instanceof GraphQLError ? formatError(e.toJSON(), e) : e)) } : undefined,
      // Errors without an original error are graphql-js's own parse/validation errors, which
      // graphql-ws (unlike Apollo) sends without a code.
      onError: (_ctx, _id, _payload, errors) =>
        errors.map((e) => formatError(e.originalError ? e.toJSON() : { ...e.toJSON(), extensions: { code: 'GRAPHQL_VALIDATION_FAILED', ...e.extensions } }, e)),
    },
    wsServer,
  );

  const apollo = new ApolloServer<TransportContext>({
    schema: options.schema,
    introspection: options.introspection,
    includeStacktraceInErrorResponses: false,
    // The process's own shutdown drains everything in order; Apollo's signal handlers would
    // stop it behind that shutdown's back and re-raise the signal.
    stopOnTerminationSignals: false,
    formatError,
    csrfPrevention: true,
    allowBatchedHttpRequests: limits.maxBatchSize > 1,
    plugins: [
      limitsPlugin(limits, rateLimiter),
      unavailablePlugin(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      { async serverWillStart() { return { async drainServer() { await wsCleanup.dispose(); } }; } },
      // Browsers get the bundled GraphiQL instead (graphiqlPage): Apollo's landing pages load from a CDN.
      ApolloServerPluginLandingPageDisabled(),
      requestLogPlugin(options.logger),
      ...(options.plugins ?? []),
      // Last: it keeps the answer with the status the plugins before it set.
      ...(options.idempotency ? [idempotencyPlugin(options.idempotency)] : []),
    ],
  });
  await apollo.start();

  app.get('/health', async (_req, res) => {
    try {
      res.json({ status: 'ok', ...(await options.health()) });
    } catch (error) {
      options.logger.warn({ err: error }, 'health check failed');
      res.status(503).json({ status: 'unavailable' });
    }
  });
  options.routes?.(app);
  if (options.serveApi === false) {
    app.use((_req, res) => res.status(404).json({ error: 'this node is a worker (ROLE=worker): it serves /health, /ready and /metrics only' }));
  }
  if (options.graphiql ?? !options.production) app.get('/graphql', ...graphiqlPage(options.webDistDir));
  const requestContext = async (req: http.IncomingMessage): Promise<TransportContext> => {
    const caller = await options.authenticate({ authorization: req.headers.authorization, shop: req.headers['x-shop'] }).catch((error: unknown) => {
      if (isDatabaseUnavailable(error)) throw new ServiceUnavailableError(error);
      if (!(error instanceof DomainError)) throw error;
      const status = error.code === 'UNAUTHENTICATED' ? 401 : error.code === 'FORBIDDEN' ? 403 : 404;
      throw new GraphQLError(error.message, { originalError: error, extensions: { code: error.code, http: { status } } });
    });
    return createTransportContext(clientAddress(req, trust), caller, incomingCorrelationId(req.headers[CORRELATION_HEADER]));
  };
  if (options.serveApi !== false) {
    graphqlPost = graphqlPostHandler({
      apollo,
      headers,
      cors: corsPolicy(corsOrigins),
      maxBodyBytes: limits.maxBodyBytes,
      maxBatchSize: limits.maxBatchSize,
      context: requestContext,
      logger: options.logger,
    });
  }
  // What the POST path leaves: GET queries, other charsets, compressed bodies.
  app.use(
    '/graphql',
    express.json({ limit: limits.maxBodyBytes }),
    batchSizeGuard(limits.maxBatchSize),
    expressMiddleware(apollo, { context: ({ req }) => requestContext(req) }),
    bodyErrorHandler(options.logger),
  );
  if (options.webDistDir && fs.existsSync(path.join(options.webDistDir, 'index.html'))) {
    app.use(staticWebApp(options.webDistDir));
  }

  await new Promise<void>((resolve) => httpServer.listen(port, resolve));
  const address = httpServer.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://localhost:${actualPort}`,
    port: actualPort,
    openSockets: () => wsServer.clients.size,
    close: async () => {
      await apollo.stop();
    },
  };
}
