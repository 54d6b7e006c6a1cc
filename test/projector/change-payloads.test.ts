import { describe, expect, it } from 'vitest';
import { parseChanges, uniqueChanges } from '../../server/src/projector/changes';
import type { ReadModelChange } from '../../server/src/projector/projection';

const change = (i: number, data?: Record<string, unknown>): ReadModelChange => ({ topic: 'ORDER_UPDATED', id: `order-${i}`, tenantId: 'demo', ...(data && { data }) });

describe('change notifications of a batch', () => {
  // Logging and chunking under the payload limit happen in SQL: test/api/lossless-pushes.test.ts.
  it('are sent once per changed row and topic, in first-seen order', () => {
    expect(uniqueChanges([change(1), change(2), change(1), change(3, { status: 'PLACED' }), change(3, { status: 'PLACED' })])).toEqual([change(1), change(2), change(3, { status: 'PLACED' })]);
  });

  it('reads a single change too, and drops what is not a change', () => {
    expect(parseChanges(JSON.stringify(change(7)))).toEqual([change(7)]);
    expect(parseChanges(JSON.stringify([change(1), { topic: 1 }, 'x', null]))).toEqual([change(1)]);
    expect(parseChanges('not json')).toEqual([]);
    expect(parseChanges(undefined)).toEqual([]);
  });
});
