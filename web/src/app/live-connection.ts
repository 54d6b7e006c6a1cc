import { useSyncExternalStore } from 'react';
import { useApolloClient } from '@apollo/client/react';
import type { ApolloClient } from '@apollo/client';

/**
 * The state of a session's subscription socket, as live views show it: `idle` before the first
 * connection (and for a visitor, who has none), `connected`, or `reconnecting` from the moment a
 * connection is lost until the next one is acknowledged.
 */
export type LiveConnectionState = 'idle' | 'connected' | 'reconnecting';

/** WebSocket "Normal Closure": the client closed an idle lazy socket itself; nothing was lost. */
const NORMAL_CLOSURE = 1000;

const closeCode = (event: unknown) => (typeof event === 'object' && event !== null && 'code' in event ? (event as { code: unknown }).code : undefined);

export class LiveConnection {
  private state: LiveConnectionState = 'idle';
  /** Whether the socket went down under open subscriptions: changes made meanwhile were never pushed. */
  private lost = false;
  private readonly listeners = new Set<() => void>();

  /** `onRecovered` runs on every connection after a lost one: the live views' chance to refetch what they missed. */
  constructor(private readonly onRecovered: () => void) {}

  get current(): LiveConnectionState {
    return this.state;
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** graphql-ws `connected`. */
  connected() {
    const recovered = this.lost;
    this.lost = false;
    this.set('connected');
    if (recovered) this.onRecovered();
  }

  /** graphql-ws `closed`; a refused or expired token ends the session instead (see apollo-client.ts). */
  closed(event: unknown) {
    if (closeCode(event) === NORMAL_CLOSURE) {
      this.set('idle');
      return;
    }
    this.lost = true;
    this.set('reconnecting');
  }

  private set(state: LiveConnectionState) {
    if (state === this.state) return;
    this.state = state;
    this.listeners.forEach((listener) => listener());
  }
}

const connections = new WeakMap<ApolloClient, LiveConnection>();

export function registerLiveConnection(client: ApolloClient, connection: LiveConnection) {
  connections.set(client, connection);
}

const noSubscribe = () => () => {};

/** The current session's socket state; `idle` for a client without one. */
export function useLiveConnection(): LiveConnectionState {
  const connection = connections.get(useApolloClient());
  return useSyncExternalStore(connection?.subscribe ?? noSubscribe, () => connection?.current ?? 'idle');
}
