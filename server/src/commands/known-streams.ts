import { LRUCache } from 'lru-cache';
import type { LoadedStream } from './streams';

/**
 * Streams as this process's own commands last left them, offered to the next command on a stream
 * as its guess: decided on without a load. A guess is only ever a past state of its stream (what
 * a load or a successful append of this process left), so the append's expected version proves it
 * current: if another process moved the stream meanwhile, the append conflicts and the stream is
 * loaded, as for any conflict. A decision that refuses or does nothing on a guess is taken again
 * on a fresh load (it may not hold on the newer state), and a stream a command leaves in doubt
 * (its append failed otherwise) is forgotten.
 *
 * Bounded by count, and by the size `size.of` gives each state when states can grow (a SKU's open
 * reservations).
 */
export class KnownStreams<State> {
  private readonly streams: LRUCache<string, LoadedStream<State>>;

  constructor(options: { max: number; size?: { max: number; of: (state: State) => number } }) {
    const { size } = options;
    this.streams = new LRUCache(size ? { max: options.max, maxSize: size.max, sizeCalculation: (stream) => Math.max(1, size.of(stream.state)) } : { max: options.max });
  }

  get(tenantId: string, streamId: string): LoadedStream<State> | undefined {
    return this.streams.get(keyOf(tenantId, streamId));
  }

  remember(tenantId: string, stream: LoadedStream<State>): void {
    this.streams.set(keyOf(tenantId, stream.streamId), stream);
  }

  forget(tenantId: string, streamId: string): void {
    this.streams.delete(keyOf(tenantId, streamId));
  }
}

const keyOf = (tenantId: string, streamId: string) => `${tenantId}\u0000${streamId}`;
