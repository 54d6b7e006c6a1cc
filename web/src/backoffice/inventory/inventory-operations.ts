import { graphql } from '../../gql';

export const StockLevelFields = graphql(`
  fragment BackOfficeStockLevel on StockLevel {
    sku
    onHand
    reserved
    available
    warehouses {
      warehouse {
        id
        code
      }
      onHand
      reserved
      available
    }
  }
`);

export const StockLevelsQuery = graphql(`
  query BackOfficeStockLevels($first: Int!, $after: String, $search: String) {
    stockLevels(first: $first, after: $after, search: $search) {
      edges {
        cursor
        node {
          ...BackOfficeStockLevel
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);

export const StockLevelChangedSubscription = graphql(`
  subscription BackOfficeStockLevelChanged($sku: String!, $after: Int) {
    stockLevelChanged(sku: $sku, after: $after) {
      ...BackOfficeStockLevel
      position
    }
  }
`);

export const StockMovementsQuery = graphql(`
  query BackOfficeStockMovements($sku: String!, $first: Int!, $after: String) {
    stockMovements(sku: $sku, first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          type
          quantity
          onHandChange
          reservedChange
          reason
          orderId
          at
          warehouse {
            id
            code
          }
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);

export const WarehousesQuery = graphql(`
  query BackOfficeWarehouses {
    warehouses {
      id
      code
      name
      locations {
        code
        name
      }
    }
  }
`);

export const ReceiveStockMutation = graphql(`
  mutation BackOfficeReceiveStock($input: ReceiveStockInput!) {
    receiveStock(input: $input) {
      ...BackOfficeStockLevel
    }
  }
`);

export const AdjustStockMutation = graphql(`
  mutation BackOfficeAdjustStock($input: AdjustStockInput!) {
    adjustStock(input: $input) {
      ...BackOfficeStockLevel
    }
  }
`);

export const CreateWarehouseMutation = graphql(`
  mutation BackOfficeCreateWarehouse($input: CreateWarehouseInput!) {
    createWarehouse(input: $input) {
      id
      code
      name
      locations {
        code
        name
      }
    }
  }
`);

export const AddStorageLocationMutation = graphql(`
  mutation BackOfficeAddStorageLocation($warehouseId: ID!, $input: AddStorageLocationInput!) {
    addStorageLocation(warehouseId: $warehouseId, input: $input) {
      id
      code
      name
      locations {
        code
        name
      }
    }
  }
`);
