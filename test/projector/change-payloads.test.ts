import { describe, expect, it } from 'vitest';
import { chunkPayloads, parseChanges } from '../../server/src/projector/changes';
import type { ReadModelChange } from '../../server/src/projector/projection';

const change = (i: number, data?: Record<string, unknown>): ReadModelChange => ({ topic: 'ORDER_UPDATED', id: `order-${i}`, tenantId: 'demo', ...(data && { data }) });

describe('change notifications of a batch', () => {
  it('travel as few payloads as the 8,000-byte limit allows, each under it, in order', () => {
    const changes = Array.from({ length: 500 }, (_, i) => change(i, { status: 'PLACED', note: 'x'.repeat(i % 50) }));
    const payloads = chunkPayloads(changes);
    expect(payloads.length).toBeGreaterThan(1);
    expect(payloads.length).toBeLessThan(changes.length / 20);
    for (const payload of payloads) expect(Buffer.byteLength(payload)).toBeLessThan(8000);
    expect(payloads.flatMap(parseChanges)).toEqual(changes);
  });

  it('sends one payload for a small batch, and none for an empty one', () => {
    expect(chunkPayloads([change(1), change(2)])).toHaveLength(1);
    expect(chunkPayloads([])).toEqual([]);
  });

  it('reads a single change too, and drops what is not a change', () => {
    expect(parseChanges(JSON.stringify(change(7)))).toEqual([change(7)]);
    expect(parseChanges(JSON.stringify([change(1), { topic: 1 }, 'x', null]))).toEqual([change(1)]);
    expect(parseChanges('not json')).toEqual([]);
    expect(parseChanges(undefined)).toEqual([]);
  });
});
