import { graphql } from '../../gql';

/** One row of the orders board: what the board shows and what its filters look at. */
export const BoardOrderRow = graphql(`
  fragment BoardOrderRow on Order {
    id
    status
    version
    createdAt
    updatedAt
    customer {
      id
      name
      email
    }
    items {
      variantId
      quantity
    }
    total {
      amount
      currency
    }
  }
`);

export const BoardOrdersQuery = graphql(`
  query BoardOrders($first: Int!, $after: String, $status: OrderStatus, $customer: String, $createdFrom: DateTime, $createdBefore: DateTime) {
    orders(first: $first, after: $after, status: $status, customer: $customer, createdFrom: $createdFrom, createdBefore: $createdBefore) {
      edges {
        node {
          ...BoardOrderRow
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);

/** Every order of the shop as it changes, new ones included. */
export const BoardOrdersChanged = graphql(`
  subscription BoardOrdersChanged {
    ordersChanged {
      ...BoardOrderRow
    }
  }
`);
