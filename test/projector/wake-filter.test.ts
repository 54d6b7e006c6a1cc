import { describe, expect, it } from 'vitest';
import { wakes } from '../../server/src/projector/projector';
import { CheckoutProcess } from '../../server/src/checkout/checkout-process';
import { checkoutEventTypes } from '../../server/src/checkout/events';

describe('which followers a wake-up sets going', () => {
  const projection = { eventTypes: ['OrderCreated', 'ItemAddedToOrder'] };
  const everything = { eventTypes: 'all' as const };
  const backstop = { eventTypes: ['CheckoutRequested', 'CheckoutStarted'], wakeTypes: ['CheckoutRequested'] };

  it('a follower whose types were committed, any follower when the types are unknown', () => {
    expect(wakes(projection, ['ItemAddedToOrder'])).toBe(true);
    expect(wakes(projection, ['PaymentCreated'])).toBe(false);
    expect(wakes(projection, undefined)).toBe(true);
    expect(wakes(everything, ['PaymentCreated'])).toBe(true);
  });

  it('only for its wake types when it names them: the others wait for the next wake-up or poll', () => {
    expect(wakes(backstop, ['CheckoutStarted'])).toBe(false);
    expect(wakes(backstop, ['CheckoutStarted', 'CheckoutRequested'])).toBe(true);
    expect(wakes(backstop, undefined)).toBe(true);
  });

  it('the checkout process: woken by requests, not by the checkout events it appends itself, which it still reads', () => {
    const process = new CheckoutProcess({} as ConstructorParameters<typeof CheckoutProcess>[0]);
    expect(process.eventTypes).toEqual(expect.arrayContaining([...checkoutEventTypes]));
    for (const type of checkoutEventTypes) expect(wakes(process, [type])).toBe(false);
    expect(wakes(process, ['CheckoutRequested'])).toBe(true);
  });
});
