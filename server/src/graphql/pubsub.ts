import { createPubSub } from '@graphql-yoga/subscription';
import type { ReadModelChange } from '../projector/projection';

/** In-process pub/sub for subscriptions; fed from PostgreSQL NOTIFY so every process sees every change. */
export type ChangePubSub = ReturnType<typeof createChangePubSub>;

/**
 * Counts listeners per routing key, so the server can tell when a subscription has really begun
 * to listen (graphql-ws sends no acknowledgement per subscription).
 */
class CountingEventTarget extends EventTarget {
  readonly counts = new Map<string, number>();

  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: AddEventListenerOptions | boolean): void {
    super.addEventListener(type, listener, options);
    if (listener) this.counts.set(type, (this.counts.get(type) ?? 0) + 1);
  }

  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: EventListenerOptions | boolean): void {
    super.removeEventListener(type, listener, options);
    const left = (this.counts.get(type) ?? 0) - 1;
    if (left > 0) this.counts.set(type, left);
    else this.counts.delete(type);
  }
}

/**
 * The routing id under which every change of a topic in one shop is published too, for
 * subscriptions to a whole list (e.g. `ordersChanged`). Row ids are UUIDs, so it never collides.
 */
export const shopWide = (tenantId: string): string => `shop:${tenantId}`;

export function createChangePubSub() {
  const target = new CountingEventTarget();
  const pubSub = createPubSub<Record<string, [string, ReadModelChange]>>({ eventTarget: target });
  const resyncListeners = new Set<() => void>();
  return Object.assign(pubSub, {
    /**
     * The NOTIFY connection is back after a loss: changes committed meanwhile were never
     * published. Every resumable subscription re-reads the change log from its last revision.
     * Listeners run synchronously, before any notification of the new connection is handled.
     */
    resync(): void {
      for (const listener of [...resyncListeners]) listener();
    },
    /** Calls `listener` on every `resync()`; returns the way to stop. */
    onResync(listener: () => void): () => void {
      resyncListeners.add(listener);
      return () => resyncListeners.delete(listener);
    },
    /**
     * Publishes a change to the subscribers of its row and to those of its whole shop: the same
     * object to both, so reads keyed by the change are shared by every subscriber.
     */
    publishChange(change: ReadModelChange): void {
      pubSub.publish(change.topic, change.id, change);
      pubSub.publish(change.topic, shopWide(change.tenantId), change);
    },
    /** How many subscription listeners this process has, all topics together. */
    listening(): number {
      let total = 0;
      for (const count of target.counts.values()) total += count;
      return total;
    },
    /** How many subscriptions of this process listen to `topic` for `id` right now. */
    listenerCount(topic: string, id: string): number {
      return target.counts.get(`${topic}:${id}`) ?? 0;
    },
  });
}
