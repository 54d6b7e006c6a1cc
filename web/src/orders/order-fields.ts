import { graphql } from '../gql';

/** Everything the order panel shows; mutations answer with it so the cache stays complete. */
export const OrderFields = graphql(`
  fragment OrderFields on Order {
    id
    status
    version
    createdAt
    updatedAt
    items {
      variantId
      sku
      productName
      variantName
      quantity
      unitPrice {
        amount
        currency
      }
      lineTotal {
        amount
        currency
      }
    }
    total {
      amount
      currency
    }
    checkout {
      status
      failureReason
      outOfStockSkus
      declineCode
      attempts
    }
    payment {
      id
      status
      amountAuthorized {
        amount
        currency
      }
      amountCaptured {
        amount
        currency
      }
      amountRefunded {
        amount
        currency
      }
    }
    shipments {
      id
      status
      carrier
      trackingNumber
      shippedAt
      deliveredAt
      lines {
        variantId
        sku
        quantity
      }
    }
  }
`);
