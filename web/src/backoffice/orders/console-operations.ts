import { graphql } from '../../gql';

export const ConsoleOrderFields = graphql(`
  fragment ConsoleOrderFields on Order {
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
      declineCode
      outOfStockSkus
      attempts
    }
    payment {
      id
      status
      declineCode
      amount {
        amount
        currency
      }
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
      createdAt
      shippedAt
      deliveredAt
      cancelledAt
      lines {
        variantId
        sku
        quantity
      }
    }
    history {
      position
      streamType
      streamId
      version
      type
      occurredAt
      actor
      data
    }
  }
`);

export const ConsoleOrderQuery = graphql(`
  query ConsoleOrder($id: ID!) {
    order(id: $id) {
      ...ConsoleOrderFields
    }
    notifications(orderId: $id) {
      id
      kind
      recipient
      subject
      sentAt
    }
  }
`);

/** The order as it stood at one version of its stream, rebuilt from its events by the API. */
export const ConsoleOrderAtVersionQuery = graphql(`
  query ConsoleOrderAtVersion($id: ID!, $version: Int!) {
    order(id: $id, version: $version) {
      id
      status
      version
      updatedAt
      items {
        variantId
        sku
        productName
        variantName
        quantity
        lineTotal {
          amount
          currency
        }
      }
      total {
        amount
        currency
      }
    }
  }
`);

export const ConsoleOrderUpdated = graphql(`
  subscription ConsoleOrderUpdated($orderId: ID!, $after: Int) {
    orderUpdated(orderId: $orderId, after: $after) {
      id
      status
      version
      position
    }
  }
`);

export const ConsoleShipmentUpdated = graphql(`
  subscription ConsoleShipmentUpdated($orderId: ID!, $after: Int) {
    shipmentUpdated(orderId: $orderId, after: $after) {
      id
      status
      position
    }
  }
`);

export const ConsoleCreateShipment = graphql(`
  mutation ConsoleCreateShipment($orderId: ID!, $carrier: String!, $lines: [ShipmentLineInput!]!) {
    createShipment(orderId: $orderId, carrier: $carrier, lines: $lines) {
      id
      status
    }
  }
`);

export const ConsoleShipShipment = graphql(`
  mutation ConsoleShipShipment($shipmentId: ID!, $trackingNumber: String!) {
    shipShipment(shipmentId: $shipmentId, trackingNumber: $trackingNumber) {
      id
      status
      trackingNumber
    }
  }
`);

export const ConsoleDeliverShipment = graphql(`
  mutation ConsoleDeliverShipment($shipmentId: ID!) {
    deliverShipment(shipmentId: $shipmentId) {
      id
      status
    }
  }
`);

export const ConsoleCancelShipment = graphql(`
  mutation ConsoleCancelShipment($shipmentId: ID!) {
    cancelShipment(shipmentId: $shipmentId) {
      id
      status
    }
  }
`);

export const ConsoleCancelOrder = graphql(`
  mutation ConsoleCancelOrder($orderId: ID!, $reason: String!) {
    cancelOrder(orderId: $orderId, reason: $reason) {
      id
      status
      version
    }
  }
`);

export const ConsoleCapturePayment = graphql(`
  mutation ConsoleCapturePayment($paymentId: ID!, $amount: MoneyInput!) {
    capturePayment(paymentId: $paymentId, amount: $amount) {
      id
      status
    }
  }
`);

export const ConsoleRefundPayment = graphql(`
  mutation ConsoleRefundPayment($paymentId: ID!, $amount: MoneyInput!, $reason: String!) {
    refundPayment(paymentId: $paymentId, amount: $amount, reason: $reason) {
      id
      status
    }
  }
`);

export const ConsoleVoidPayment = graphql(`
  mutation ConsoleVoidPayment($paymentId: ID!) {
    voidPayment(paymentId: $paymentId) {
      id
      status
    }
  }
`);
