import { ApolloLink, type ApolloClient } from '@apollo/client';
import { parse } from 'graphql';
import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { positionOf, resumeSubscriptions } from '../../web/src/app/resume-subscriptions';

/** Runs `query` through the link onto a fake socket: what it would send, and a way to push. */
function run(query: string, variables: Record<string, unknown>) {
  const pushes = new Subject<ApolloLink.Result>();
  let sent: ApolloLink.Operation | undefined;
  const socket = new ApolloLink((operation) => {
    sent = operation;
    return pushes;
  });
  const received: ApolloLink.Result[] = [];
  ApolloLink.execute(ApolloLink.from([resumeSubscriptions, socket]), { query: parse(query), variables }, { client: {} as ApolloClient }).subscribe((r) => received.push(r));
  // graphql-ws serializes the variables at each (re)subscription, as here.
  return { sentVariables: () => JSON.parse(JSON.stringify(sent!.variables)) as Record<string, unknown>, push: (data: unknown) => pushes.next({ data } as ApolloLink.Result), received };
}

describe('resumeSubscriptions (the web app resumes with after on every reconnect)', () => {
  it("sends after as the last push's position each time the subscription is sent again", () => {
    const { sentVariables, push, received } = run('subscription($orderId: ID!, $after: Int) { orderUpdated(orderId: $orderId, after: $after) { id position } }', { orderId: 'o1' });
    expect(sentVariables()).toEqual({ orderId: 'o1', after: null });
    push({ orderUpdated: { id: 'o1', position: 7 } });
    expect(sentVariables()).toEqual({ orderId: 'o1', after: 7 });
    push({ orderUpdated: { id: 'o1', position: 9 } });
    // A push without a position (an error, say) and an older one change nothing.
    push({ orderUpdated: null });
    push({ orderUpdated: { id: 'o1', position: 8 } });
    expect(sentVariables()).toEqual({ orderId: 'o1', after: 9 });
    expect(received).toHaveLength(4);
  });

  it('starts from the after the caller gave, and leaves subscriptions without $after alone', () => {
    expect(run('subscription($o: ID!, $after: Int) { orderUpdated(orderId: $o, after: $after) { position } }', { o: 'x', after: 3 }).sentVariables()).toEqual({ o: 'x', after: 3 });
    expect(run('subscription { ordersChanged { id } }', {}).sentVariables()).toEqual({});
  });

  it('reads the position of a push from its one field', () => {
    expect(positionOf({ stockLevelChanged: { position: 4 } })).toBe(4);
    expect(positionOf({ stockLevelChanged: { position: null } })).toBeUndefined();
    expect(positionOf(null)).toBeUndefined();
  });
});
