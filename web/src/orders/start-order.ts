import type { ApolloClient } from '@apollo/client';
import { graphql } from '../gql';
import { currentOrderId, setCurrentOrderId } from './current-order';
import { OrderQuery } from './use-order';

const StartOrderMutation = graphql(`
  mutation StartOrder {
    createOrder {
      ...OrderFields
    }
  }
`);

/** One start at a time: two quick "Add" clicks on different products fill one new order, not two. */
let starting: Promise<string> | null = null;

/** The stored current order, if it is still a draft: an "Add" before the page has loaded it must not start another. */
async function storedDraft(client: ApolloClient): Promise<string | null> {
  const stored = currentOrderId();
  if (!stored) return null;
  try {
    const { data } = await client.query({ query: OrderQuery, variables: { id: stored } });
    return data?.order?.status === 'DRAFT' ? stored : null;
  } catch {
    return null; // gone, or another account's: a new order it is
  }
}

/**
 * The draft order to add to: the current one, or a new one made current. The cart starts by
 * itself on the first "Add", so there is no separate step for the shopper to find first.
 */
export function startOrder(client: ApolloClient): Promise<string> {
  starting ??= (async () => {
    const draft = await storedDraft(client);
    if (draft) return draft;
    const { data } = await client.mutate({ mutation: StartOrderMutation });
    if (!data) throw new Error('createOrder answered without an order');
    setCurrentOrderId(data.createOrder.id);
    return data.createOrder.id;
  })().finally(() => {
    starting = null;
  });
  return starting;
}
