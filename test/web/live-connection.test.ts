import { describe, expect, it } from 'vitest';
import { LiveConnection } from '../../web/src/app/live-connection';

const closeEvent = (code: number) => ({ code, reason: '' });

describe('LiveConnection (the session socket state live views show)', () => {
  it('recovers only after a lost connection: not on the first connection, nor after the client closed an idle socket', () => {
    let recoveries = 0;
    const connection = new LiveConnection(() => recoveries++);
    expect(connection.current).toBe('idle');

    connection.connected();
    expect(connection.current).toBe('connected');
    connection.closed(closeEvent(1000));
    expect(connection.current).toBe('idle');
    connection.connected();
    expect(recoveries).toBe(0);

    // The server went away (1001 on a drained restart, 1006 when it vanished).
    connection.closed(closeEvent(1001));
    expect(connection.current).toBe('reconnecting');
    connection.closed(closeEvent(1006));
    expect(connection.current).toBe('reconnecting');
    connection.connected();
    expect(connection.current).toBe('connected');
    expect(recoveries).toBe(1);

    connection.connected();
    expect(recoveries).toBe(1);
  });

  it('tells its subscribers when the state changes, and only then', () => {
    const connection = new LiveConnection(() => {});
    const seen: string[] = [];
    const unsubscribe = connection.subscribe(() => seen.push(connection.current));
    connection.connected();
    connection.connected();
    connection.closed(closeEvent(1006));
    connection.connected();
    unsubscribe();
    connection.closed(closeEvent(1006));
    expect(seen).toEqual(['connected', 'reconnecting', 'connected']);
  });
});
