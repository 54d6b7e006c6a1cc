import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../server/src/config/logger';
import { PaymentTokenSweep } from '../../server/src/payments/payment-token-sweep';

afterEach(() => vi.useRealTimers());

describe('the payment token sweep', () => {
  it('deletes expired tokens every interval once started, and no more once stopped', async () => {
    vi.useFakeTimers();
    const sweeps: Date[] = [];
    const sweep = new PaymentTokenSweep({ sweepExpired: async () => (sweeps.push(new Date()), 0) }, createLogger('silent'), 1_000);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(sweeps).toHaveLength(0);

    sweep.start();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(sweeps).toHaveLength(3);

    await sweep.stop();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(sweeps).toHaveLength(3);
  });

  it('goes on after a sweep that failed', async () => {
    vi.useFakeTimers();
    let calls = 0;
    const sweep = new PaymentTokenSweep(
      {
        sweepExpired: async () => {
          calls++;
          if (calls === 1) throw new Error('connection terminated');
          return 2;
        },
      },
      createLogger('silent'),
      1_000,
    );
    sweep.start();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(calls).toBe(2);
    await sweep.stop();
  });
});
