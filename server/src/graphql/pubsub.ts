import { createPubSub } from '@graphql-yoga/subscription';
import type { ReadModelChange } from '../projector/projection';

/** In-process pub/sub for subscriptions; fed from PostgreSQL NOTIFY so every process sees every change. */
export type ChangePubSub = ReturnType<typeof createChangePubSub>;

export function createChangePubSub() {
  return createPubSub<Record<string, [string, ReadModelChange]>>();
}
