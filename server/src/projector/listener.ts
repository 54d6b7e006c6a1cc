import pg from 'pg';
import type { Logger } from '../config/logger';

export interface ListenerOptions {
  connectionString: string;
  channels: readonly string[];
  logger: Logger;
  onNotification: (channel: string, payload: string | undefined) => void;
  /**
   * Called after every (re)connect once LISTEN is in place, before any notification of the new
   * connection is handed on: notifications sent while away are lost, so whatever re-reads them
   * starts here and a notification that comes next is handled after it.
   */
  onConnected: () => void;
  heartbeatMs?: number;
}

/**
 * A LISTEN connection of its own, outside the Knex pool. A heartbeat query detects a half-open
 * connection; any failure reconnects with backoff and LISTENs again.
 */
export class NotificationListener {
  private client: pg.Client | undefined;
  private stopped = false;
  private heartbeat: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private backoffMs = 100;

  constructor(private readonly options: ListenerOptions) {}

  async start(): Promise<void> {
    await this.connect();
  }

  /** Backend pid of the current connection (tests kill it to simulate a dropped connection). */
  get backendPid(): number | undefined {
    return (this.client as unknown as { processID?: number } | undefined)?.processID;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.connectionString, application_name: 'ordercast-listener' });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    try {
      await client.connect();
      for (const channel of this.options.channels) await client.query(`LISTEN "${channel}"`);
    } catch (error) {
      this.lost(client, error as Error);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    this.backoffMs = 100;
    this.startHeartbeat(client);
    this.options.onConnected();
    // Only now: a notification that arrived with LISTEN's answer is dropped rather than handled
    // before the catch-up that onConnected started, which reads its change anyway (committed
    // before that read).
    client.on('notification', (message) => this.options.onNotification(message.channel, message.payload));
  }

  private startHeartbeat(client: pg.Client) {
    const every = this.options.heartbeatMs ?? 10_000;
    clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => {
      const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('heartbeat timed out')), every).unref());
      Promise.race([client.query('SELECT 1'), timeout]).catch((error) => this.lost(client, error as Error));
    }, every);
    this.heartbeat.unref();
  }

  private lost(client: pg.Client, error: Error) {
    if (this.client && this.client !== client) return;
    this.client = undefined;
    clearInterval(this.heartbeat);
    client.removeAllListeners('end');
    client.end().catch(() => {});
    if (this.stopped || this.reconnectTimer) return;
    this.options.logger.warn({ err: error.message, retryInMs: this.backoffMs }, 'notification listener lost its connection');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.connect();
    }, this.backoffMs);
    this.backoffMs = Math.min(this.backoffMs * 2, 5_000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.heartbeat);
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    if (client) {
      client.removeAllListeners('end');
      await client.end().catch(() => {});
    }
  }
}
