import type { Knex } from 'knex';
import type { NewEvent } from './types';

/** What a codec needs of an event it opens: any read row that carries these will do. */
export interface StoredEvent {
  tenantId: string;
  type: string;
  data: unknown;
}

/**
 * Stands between events as writers and readers see them and as they are stored, e.g. encrypting
 * personal fields. Every read path of the store (streams, the log, the projector's batches, single
 * events) opens what it read through it, so deciders and projections see one form only.
 */
export interface EventDataCodec {
  /** The data of each new event as it is to be stored, in the order given. */
  seal(tenantId: string, events: readonly NewEvent[]): Promise<unknown[]>;
  /**
   * The events as readers are to see them (new objects where something changed), in the order
   * given. `trx`: the reader's transaction, for what the codec reads itself (a reader holding a
   * pooled connection must not wait for a second one).
   */
  open<E extends StoredEvent>(events: E[], trx?: Knex.Transaction): Promise<E[]>;
}

/** Events stored as written. */
export const PLAIN_CODEC: EventDataCodec = {
  seal: async (_tenantId, events) => events.map((event) => event.data),
  open: async (events) => events,
};
