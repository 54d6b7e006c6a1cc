import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageLocalDefault, ApolloServerPluginLandingPageProductionDefault } from '@apollo/server/plugin/landingPage/default';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from '../config/logger';
import { createErrorFormatter } from './errors';
import { createRequestContext, type RequestContext } from './context';

export interface HttpServerOptions {
  schema: GraphQLSchema;
  logger: Logger;
  introspection: boolean;
  production: boolean;
  /** Readiness: resolves when the database answers. */
  health: () => Promise<Record<string, unknown>>;
  /** Built web app to serve at /, when present. */
  webDistDir?: string;
  maxBodyBytes?: number;
  maxWebSocketPayloadBytes?: number;
}

export interface RunningHttpServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** HTTP and WebSocket GraphQL on one port and one path, plus /health and the web app. */
export async function startHttpServer(options: HttpServerOptions, port: number): Promise<RunningHttpServer> {
  const app = express();
  const httpServer = http.createServer(app);
  const formatError = createErrorFormatter(options.logger);

  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: options.maxWebSocketPayloadBytes ?? 64 * 1024 });
  const wsCleanup = useServer<Record<string, unknown>, { context?: RequestContext }>(
    {
      schema: options.schema,
      context: () => createRequestContext(),
      // graphql-ws bypasses Apollo's pipeline, so its results go through the same error policy.
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors?.length ? { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e)) } : undefined,
      // Errors without an original error are graphql-js's own parse/validation errors, which
      // graphql-ws (unlike Apollo) sends without a code.
      onError: (_ctx, _id, _payload, errors) =>
        errors.map((e) => formatError(e.originalError ? e.toJSON() : { ...e.toJSON(), extensions: { code: 'GRAPHQL_VALIDATION_FAILED', ...e.extensions } }, e)),
    },
    wsServer,
  );

  const apollo = new ApolloServer<RequestContext>({
    schema: options.schema,
    introspection: options.introspection,
    includeStacktraceInErrorResponses: false,
    formatError,
    csrfPrevention: true,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      { async serverWillStart() { return { async drainServer() { await wsCleanup.dispose(); } }; } },
      options.production ? ApolloServerPluginLandingPageProductionDefault() : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
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
  app.use('/graphql', express.json({ limit: options.maxBodyBytes ?? 100 * 1024 }), expressMiddleware(apollo, { context: async () => createRequestContext() }));
  if (options.webDistDir && fs.existsSync(path.join(options.webDistDir, 'index.html'))) {
    const dist = options.webDistDir;
    app.use(express.static(dist));
    app.get(/^\/(?!graphql|health).*/, (_req, res) => res.sendFile(path.join(dist, 'index.html')));
  }

  await new Promise<void>((resolve) => httpServer.listen(port, resolve));
  const address = httpServer.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://localhost:${actualPort}`,
    port: actualPort,
    close: async () => {
      await apollo.stop();
    },
  };
}
