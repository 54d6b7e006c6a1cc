import type { ApolloClient } from '@apollo/client';
import { graphql } from '../gql';
import { setCurrentOrderId } from './current-order';

const StartOrderMutation = graphql(`
  mutation StartOrder {
    createOrder {
      ...OrderFields
    }
  }
`);

/** One start at a time: two quick "Add" clicks on different products fill one new order, not two. */
let starting: Promise<string> | null = null;

/**
 * A new draft order, made the current one. The cart starts by itself on the first "Add", so
 * there is no separate step for the shopper to find first.
 */
export function startOrder(client: ApolloClient): Promise<string> {
  starting ??= client
    .mutate({ mutation: StartOrderMutation })
    .then(({ data }) => {
      if (!data) throw new Error('createOrder answered without an order');
      setCurrentOrderId(data.createOrder.id);
      return data.createOrder.id;
    })
    .finally(() => {
      starting = null;
    });
  return starting;
}
