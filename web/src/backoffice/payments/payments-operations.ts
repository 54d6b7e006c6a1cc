import { graphql } from '../../gql';

export const PaymentsQuery = graphql(`
  query BackOfficePayments($first: Int!, $after: String, $status: PaymentStatus, $from: DateTime, $to: DateTime) {
    payments(first: $first, after: $after, status: $status, from: $from, to: $to) {
      edges {
        cursor
        node {
          id
          orderId
          status
          createdAt
          amount {
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
          declineCode
          bank
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);

export const PaymentDeclinesQuery = graphql(`
  query BackOfficePaymentDeclines($from: DateTime!, $to: DateTime!) {
    paymentDeclines(from: $from, to: $to) {
      day
      declineCode
      bank
      count
      amount {
        amount
        currency
      }
    }
  }
`);
