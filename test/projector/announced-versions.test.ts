import { describe, expect, it } from 'vitest';
import { AnnouncedVersions } from '../../server/src/projector/announced-versions';

const change = (id: string, version?: number, tenantId = 'shop') => ({ topic: 'T', id, tenantId, ...(version === undefined ? {} : { version }) });

describe('AnnouncedVersions', () => {
  it('keeps the newest version announced for each row of each shop, ignoring changes that name none', () => {
    const announced = new AnnouncedVersions();
    announced.note(change('a', 2));
    announced.note(change('a', 1)); // another projection's older news cannot lower it
    announced.note(change('a'));
    announced.note(change('A', 3)); // ids compare without case, as uuids do
    announced.note(change('a', 7, 'other-shop'));
    expect([announced.latest('shop', 'a'), announced.latest('other-shop', 'a'), announced.latest('shop', 'b')]).toEqual([3, 7, undefined]);
  });

  it('forgets everything on a new connection, and the least recently announced rows past its bound', () => {
    const announced = new AnnouncedVersions(2);
    announced.note(change('a', 1));
    announced.note(change('b', 1));
    announced.note(change('a', 2));
    announced.note(change('c', 1));
    expect([announced.latest('shop', 'a'), announced.latest('shop', 'b'), announced.latest('shop', 'c')]).toEqual([2, undefined, 1]);
    announced.reset();
    expect(announced.latest('shop', 'a')).toBeUndefined();
  });
});
