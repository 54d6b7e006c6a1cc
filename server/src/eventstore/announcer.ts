import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { PREPARED } from '../db/prepared-statements';

export const EVENTS_CHANNEL = 'ordercast_events';

/** What a NOTIFY on EVENTS_CHANNEL announces: whose events, of which types (so only interested readers wake), from which node. */
export interface EventsNotification {
  tenantId: string;
  types: string[];
  /** The announcing store's node: it has woken its own followers already. */
  node?: string;
}

/** Parses a notification payload; undefined when it is not one. */
export function parseEventsNotification(payload: string | undefined): EventsNotification | undefined {
  if (!payload) return undefined;
  try {
    const parsed = JSON.parse(payload) as Partial<EventsNotification>;
    if (typeof parsed.tenantId !== 'string' || !Array.isArray(parsed.types) || !parsed.types.every((t) => typeof t === 'string')) return undefined;
    return { tenantId: parsed.tenantId, types: parsed.types, node: typeof parsed.node === 'string' ? parsed.node : undefined };
  } catch {
    return undefined;
  }
}

/** The event types a notification announces; undefined when it does not say (then everyone should look). */
export function announcedEventTypes(payload: string): string[] | undefined {
  return parseEventsNotification(payload)?.types;
}

/** PostgreSQL refuses payloads of 8000 bytes or more. */
const MAX_PAYLOAD_BYTES = 7900;

/**
 * Tells other processes that events were appended, with one NOTIFY statement per short tick for
 * every append of the tick, sent after the appends committed. A NOTIFY inside each appending
 * transaction takes a cluster-wide lock at commit and serializes the appends' commits (measured in
 * the README). A NOTIFY lost to a crash between commit and tick is covered by the followers'
 * backstop poll, as a NOTIFY missed while disconnected always was.
 */
export class LogAnnouncer {
  readonly nodeId = randomUUID();
  private readonly pending = new Map<string, Set<string>>();
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> = Promise.resolve();
  private needed: () => boolean = () => true;

  constructor(
    private readonly db: Knex,
    private readonly tickMs = 5,
  ) {}

  /**
   * Announces only while `needed` says another process follows the log (another live node, say).
   * What is appended while none does is read by any node that starts later from its checkpoint,
   * and by one that starts meanwhile, in its backstop poll until `needed` counts it.
   */
  onlyWhen(needed: () => boolean): void {
    this.needed = needed;
  }

  announce(notification: EventsNotification): void {
    if (!this.needed()) return;
    const types = this.pending.get(notification.tenantId) ?? new Set<string>();
    for (const type of notification.types) types.add(type);
    this.pending.set(notification.tenantId, types);
    this.timer ??= setTimeout(() => void this.flush(), this.tickMs);
  }

  /** Whether a notification came from this node (whose followers were woken in process). */
  isOwn(notification: EventsNotification): boolean {
    return notification.node === this.nodeId;
  }

  /** Sends what is pending now; resolves once it (and any send before it) is done. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const payloads = this.payloads();
    if (payloads.length > 0) {
      this.sending = this.sending.then(() =>
        this.db
          .raw('SELECT pg_notify(?, payload) FROM unnest(?::text[]) AS payload', [EVENTS_CHANNEL, payloads])
          .options(PREPARED)
          // Nothing to retry: the followers' backstop poll finds what a lost wake-up announced.
          .then(() => undefined, () => undefined),
      );
    }
    return this.sending;
  }

  private payloads(): string[] {
    const payloads: string[] = [];
    for (const [tenantId, types] of this.pending) {
      let chunk: string[] = [];
      const encode = (list: string[]) => JSON.stringify({ tenantId, types: list, node: this.nodeId } satisfies EventsNotification);
      for (const type of types) {
        if (chunk.length > 0 && Buffer.byteLength(encode([...chunk, type])) > MAX_PAYLOAD_BYTES) {
          payloads.push(encode(chunk));
          chunk = [];
        }
        chunk.push(type);
      }
      if (chunk.length > 0) payloads.push(encode(chunk));
    }
    this.pending.clear();
    return payloads;
  }
}
