import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config/config';
import { DEFAULT_API_LIMITS } from '../../server/src/graphql/limits';
import { ConnectionLimit } from '../../server/src/graphql/ws-connection-limit';
import { clientAddress } from '../../server/src/graphql/client-address';

describe('WebSocket connection limit', () => {
  it('refuses beyond the total across clients, and per client, and frees slots on release', () => {
    const limit = new ConnectionLimit(3, 2);
    expect(limit.acquire('a')).toBeUndefined();
    expect(limit.acquire('a')).toBeUndefined();
    expect(limit.acquire('a')).toMatch(/from this client/);
    expect(limit.acquire('b')).toBeUndefined();
    expect(limit.acquire('c')).toMatch(/to the server/);
    limit.release('a');
    expect(limit.acquire('c')).toBeUndefined();
    expect(limit.acquire('a')).toMatch(/to the server/);
  });

  it('keeps close reasons within the 123 bytes a close frame allows', () => {
    const limit = new ConnectionLimit(1, 1_000_000);
    limit.acquire('a');
    expect(Buffer.byteLength(limit.acquire('b')!)).toBeLessThanOrEqual(123);
    expect(Buffer.byteLength(new ConnectionLimit(10, 1_000_000).acquire('a') ?? '')).toBe(0);
  });
});

describe('client address', () => {
  const request = (peer: string, forwardedFor?: string) => ({ socket: { remoteAddress: peer }, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} }) as unknown as IncomingMessage;

  it('is the peer when no proxy is trusted, whatever X-Forwarded-For claims', () => {
    expect(clientAddress(request('10.0.0.1', '1.2.3.4'), undefined)).toBe('10.0.0.1');
  });

  it('walks X-Forwarded-For past trusted proxies only', () => {
    const trustPrivate = (address: string) => address.startsWith('10.');
    expect(clientAddress(request('10.0.0.1', '1.2.3.4, 10.0.0.2'), trustPrivate)).toBe('1.2.3.4');
    expect(clientAddress(request('10.0.0.1', '6.6.6.6, 5.5.5.5'), trustPrivate)).toBe('5.5.5.5');
    expect(clientAddress(request('1.1.1.1', '5.5.5.5'), trustPrivate)).toBe('1.1.1.1');
  });
});

describe('limits configuration', () => {
  it('defaults to the documented limits and no trusted proxy', () => {
    const config = loadConfig({});
    expect(config.limits).toEqual(DEFAULT_API_LIMITS);
    expect(config.trustProxy).toBeUndefined();
  });

  it('reads every limit from the environment', () => {
    const config = loadConfig({
      GRAPHQL_MAX_DEPTH: '7',
      GRAPHQL_MAX_COMPLEXITY: '900',
      GRAPHQL_MAX_ALIASES: '5',
      GRAPHQL_MAX_ROOT_FIELDS: '6',
      GRAPHQL_MAX_BATCH: '4',
      GRAPHQL_MAX_BODY_BYTES: '2048',
      WS_MAX_MESSAGE_BYTES: '1024',
      WS_MAX_CONNECTIONS: '50',
      WS_MAX_CONNECTIONS_PER_CLIENT: '3',
      WS_MAX_OPERATIONS_PER_CONNECTION: '8',
      WS_MAX_BUFFERED_BYTES: '4096',
      MUTATION_RATE_LIMIT: '0',
      MUTATION_RATE_WINDOW_SECONDS: '10',
      TRUST_PROXY: '1',
    });
    expect(config.limits).toEqual({
      maxDepth: 7,
      maxComplexity: 900,
      maxAliases: 5,
      maxRootFields: 6,
      maxBatchSize: 4,
      maxBodyBytes: 2048,
      maxWebSocketMessageBytes: 1024,
      maxWebSocketConnections: 50,
      maxWebSocketConnectionsPerClient: 3,
      maxOperationsPerWebSocket: 8,
      maxWebSocketBufferedBytes: 4096,
      mutationRateLimit: 0,
      mutationRateWindowSeconds: 10,
    });
    expect(config.trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBeUndefined();
  });

  it('refuses a limit that is not a non-negative integer', () => {
    expect(() => loadConfig({ GRAPHQL_MAX_DEPTH: 'deep' })).toThrow(/GRAPHQL_MAX_DEPTH/);
  });
});
