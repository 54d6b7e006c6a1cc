import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { closeAtExpiry, WS_CLOSE_TOKEN_EXPIRED } from '../../server/src/graphql/ws-expiry';

const DAY = 24 * 60 * 60 * 1000;

describe('closing a socket when its token expires', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('closes with 4401 at expiry, not before', () => {
    const socket = { close: vi.fn() };
    closeAtExpiry(socket, 5_000);
    vi.advanceTimersByTime(4_999);
    expect(socket.close).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(socket.close).toHaveBeenCalledWith(WS_CLOSE_TOKEN_EXPIRED, 'Token expired');
  });

  it('waits out a lifetime longer than a Node timer can (30 days) instead of closing at once', () => {
    const socket = { close: vi.fn() };
    closeAtExpiry(socket, 30 * DAY);
    vi.advanceTimersByTime(1);
    expect(socket.close).not.toHaveBeenCalled();
    vi.advanceTimersByTime(25 * DAY);
    expect(socket.close).not.toHaveBeenCalled();
    vi.advanceTimersByTime(5 * DAY);
    expect(socket.close).toHaveBeenCalledTimes(1);
  });

  it('closes at once for a token already expired, and never after being cancelled', () => {
    const expired = { close: vi.fn() };
    closeAtExpiry(expired, -1);
    expect(expired.close).toHaveBeenCalledTimes(1);

    const cancelled = { close: vi.fn() };
    const cancel = closeAtExpiry(cancelled, 1_000);
    cancel();
    vi.advanceTimersByTime(2_000);
    expect(cancelled.close).not.toHaveBeenCalled();
  });
});
