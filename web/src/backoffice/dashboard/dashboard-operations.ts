import { graphql } from '../../gql';

export const DashboardWindowFields = graphql(`
  fragment DashboardWindowFields on DashboardWindow {
    from
    to
    ordersPlaced
    revenue {
      amount
      currency
    }
    checkoutsFailed
    failuresByReason {
      reason
      count
    }
    ordersOverTime {
      start
      ordersPlaced
    }
  }
`);

export const DashboardFields = graphql(`
  fragment DashboardFields on Dashboard {
    at
    lastHour {
      ...DashboardWindowFields
    }
    lastDay {
      ...DashboardWindowFields
    }
    lowStockThreshold
    stockAlerts {
      sku
      onHand
      reserved
      available
      level
    }
    stockAlertCount
  }
`);

export const DashboardQuery = graphql(`
  query BackOfficeDashboard {
    dashboard {
      ...DashboardFields
    }
  }
`);

export const DashboardChangedSubscription = graphql(`
  subscription BackOfficeDashboardChanged {
    dashboardChanged {
      ...DashboardFields
    }
  }
`);
