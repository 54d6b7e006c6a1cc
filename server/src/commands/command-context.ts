import type { EventMetadata } from '../eventstore/types';

/** Who issues a command and in which shop; recorded with the events it causes. */
export interface CommandContext {
  tenantId: string;
  metadata: EventMetadata;
}
