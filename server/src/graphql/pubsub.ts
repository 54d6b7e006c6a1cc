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

export function createChangePubSub() {
  const target = new CountingEventTarget();
  const pubSub = createPubSub<Record<string, [string, ReadModelChange]>>({ eventTarget: target });
  return Object.assign(pubSub, {
    /** How many subscriptions of this process listen to `topic` for `id` right now. */
    listenerCount(topic: string, id: string): number {
      return target.counts.get(`${topic}:${id}`) ?? 0;
    },
  });
}
