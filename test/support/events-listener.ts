import pg from 'pg';
import { EVENTS_CHANNEL, parseEventsNotification, type EventsNotification } from '../../server/src/eventstore/event-store';

/** A connection of its own LISTENing to the appends' notifications, as another process's listener does. */
export async function listenToAppends(connectionString: string): Promise<{ received: EventsNotification[]; client: pg.Client; end(): Promise<void> }> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  const received: EventsNotification[] = [];
  client.on('notification', (message) => {
    const notification = parseEventsNotification(message.payload);
    if (notification) received.push(notification);
  });
  await client.query(`LISTEN ${EVENTS_CHANNEL}`);
  return { received, client, end: () => client.end() };
}
