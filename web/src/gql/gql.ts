/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment AccountUser on User {\n    id\n    email\n    name\n    role\n    shop\n  }\n": typeof types.AccountUserFragmentDoc,
    "\n  fragment Session on AuthPayload {\n    token\n    expiresAt\n    refreshToken\n    refreshTokenExpiresAt\n    user {\n      ...AccountUser\n    }\n  }\n": typeof types.SessionFragmentDoc,
    "\n  mutation SignIn($shop: String!, $email: String!, $password: String!) {\n    signIn(shop: $shop, email: $email, password: $password) {\n      ...Session\n    }\n  }\n": typeof types.SignInDocument,
    "\n  mutation SignUp($shop: String!, $email: String!, $password: String!, $name: String!) {\n    signUp(shop: $shop, email: $email, password: $password, name: $name) {\n      ...Session\n    }\n  }\n": typeof types.SignUpDocument,
    "\n  query Me {\n    me {\n      ...AccountUser\n    }\n  }\n": typeof types.MeDocument,
    "\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      ...Session\n    }\n  }\n": typeof types.RefreshSessionDocument,
    "\n  mutation SignOut($refreshToken: String) {\n    signOut(refreshToken: $refreshToken)\n  }\n": typeof types.SignOutDocument,
    "\n  mutation RequestPasswordReset($shop: String!, $email: String!) {\n    requestPasswordReset(shop: $shop, email: $email)\n  }\n": typeof types.RequestPasswordResetDocument,
    "\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n": typeof types.ResetPasswordDocument,
    "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      ...Session\n    }\n  }\n": typeof types.ChangePasswordDocument,
    "\n  fragment EditorProduct on Product {\n    id\n    name\n    description\n    status\n    version\n    updatedAt\n    variants {\n      id\n      sku\n      name\n      price {\n        amount\n        currency\n      }\n    }\n    brand {\n      id\n      name\n    }\n    categories {\n      id\n      name\n    }\n  }\n": typeof types.EditorProductFragmentDoc,
    "\n  query BackOfficeCatalogProducts($first: Int!, $after: String, $status: ProductStatus, $search: String) {\n    catalogProducts(first: $first, after: $after, status: $status, search: $search) {\n      edges {\n        cursor\n        node {\n          ...EditorProduct\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": typeof types.BackOfficeCatalogProductsDocument,
    "\n  query BackOfficeProduct($id: ID!) {\n    product(id: $id) {\n      ...EditorProduct\n    }\n  }\n": typeof types.BackOfficeProductDocument,
    "\n  query BackOfficeTaxonomy {\n    brands {\n      id\n      name\n    }\n    categories {\n      id\n      name\n      parentId\n    }\n  }\n": typeof types.BackOfficeTaxonomyDocument,
    "\n  mutation BackOfficeCreateProduct($input: CreateProductInput!) {\n    createProduct(input: $input) {\n      ...EditorProduct\n    }\n  }\n": typeof types.BackOfficeCreateProductDocument,
    "\n  mutation BackOfficeAddVariant($productId: ID!, $input: AddProductVariantInput!) {\n    addProductVariant(productId: $productId, input: $input) {\n      ...EditorProduct\n    }\n  }\n": typeof types.BackOfficeAddVariantDocument,
    "\n  mutation BackOfficeChangePrice($variantId: ID!, $price: MoneyInput!) {\n    changeVariantPrice(variantId: $variantId, price: $price) {\n      ...EditorProduct\n    }\n  }\n": typeof types.BackOfficeChangePriceDocument,
    "\n  mutation BackOfficePublishProduct($id: ID!) {\n    publishProduct(id: $id) {\n      ...EditorProduct\n    }\n  }\n": typeof types.BackOfficePublishProductDocument,
    "\n  mutation BackOfficeArchiveProduct($id: ID!) {\n    archiveProduct(id: $id) {\n      ...EditorProduct\n    }\n  }\n": typeof types.BackOfficeArchiveProductDocument,
    "\n  mutation BackOfficeSetProductBrand($productId: ID!, $brandId: ID) {\n    setProductBrand(productId: $productId, brandId: $brandId) {\n      ...EditorProduct\n    }\n  }\n": typeof types.BackOfficeSetProductBrandDocument,
    "\n  mutation BackOfficeAddProductCategory($productId: ID!, $categoryId: ID!) {\n    addProductCategory(productId: $productId, categoryId: $categoryId) {\n      ...EditorProduct\n    }\n  }\n": typeof types.BackOfficeAddProductCategoryDocument,
    "\n  mutation BackOfficeRemoveProductCategory($productId: ID!, $categoryId: ID!) {\n    removeProductCategory(productId: $productId, categoryId: $categoryId) {\n      ...EditorProduct\n    }\n  }\n": typeof types.BackOfficeRemoveProductCategoryDocument,
    "\n  fragment DashboardWindowFields on DashboardWindow {\n    from\n    to\n    ordersPlaced\n    revenue {\n      amount\n      currency\n    }\n    checkoutsFailed\n    failuresByReason {\n      reason\n      count\n    }\n    ordersOverTime {\n      start\n      ordersPlaced\n    }\n  }\n": typeof types.DashboardWindowFieldsFragmentDoc,
    "\n  fragment DashboardFields on Dashboard {\n    at\n    lastHour {\n      ...DashboardWindowFields\n    }\n    lastDay {\n      ...DashboardWindowFields\n    }\n    lowStockThreshold\n    stockAlerts {\n      sku\n      onHand\n      reserved\n      available\n      level\n    }\n    stockAlertCount\n  }\n": typeof types.DashboardFieldsFragmentDoc,
    "\n  query BackOfficeDashboard {\n    dashboard {\n      ...DashboardFields\n    }\n  }\n": typeof types.BackOfficeDashboardDocument,
    "\n  subscription BackOfficeDashboardChanged {\n    dashboardChanged {\n      ...DashboardFields\n    }\n  }\n": typeof types.BackOfficeDashboardChangedDocument,
    "\n  fragment BackOfficeStockLevel on StockLevel {\n    sku\n    onHand\n    reserved\n    available\n    warehouses {\n      warehouse {\n        id\n        code\n      }\n      onHand\n      reserved\n      available\n    }\n  }\n": typeof types.BackOfficeStockLevelFragmentDoc,
    "\n  query BackOfficeStockLevels($first: Int!, $after: String, $search: String) {\n    stockLevels(first: $first, after: $after, search: $search) {\n      edges {\n        cursor\n        node {\n          ...BackOfficeStockLevel\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": typeof types.BackOfficeStockLevelsDocument,
    "\n  subscription BackOfficeStockLevelChanged($sku: String!, $after: Int) {\n    stockLevelChanged(sku: $sku, after: $after) {\n      ...BackOfficeStockLevel\n      position\n    }\n  }\n": typeof types.BackOfficeStockLevelChangedDocument,
    "\n  query BackOfficeStockMovements($sku: String!, $first: Int!, $after: String) {\n    stockMovements(sku: $sku, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          type\n          quantity\n          onHandChange\n          reservedChange\n          reason\n          orderId\n          at\n          warehouse {\n            id\n            code\n          }\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": typeof types.BackOfficeStockMovementsDocument,
    "\n  query BackOfficeWarehouses {\n    warehouses {\n      id\n      code\n      name\n      locations {\n        code\n        name\n      }\n    }\n  }\n": typeof types.BackOfficeWarehousesDocument,
    "\n  mutation BackOfficeReceiveStock($input: ReceiveStockInput!) {\n    receiveStock(input: $input) {\n      ...BackOfficeStockLevel\n    }\n  }\n": typeof types.BackOfficeReceiveStockDocument,
    "\n  mutation BackOfficeAdjustStock($input: AdjustStockInput!) {\n    adjustStock(input: $input) {\n      ...BackOfficeStockLevel\n    }\n  }\n": typeof types.BackOfficeAdjustStockDocument,
    "\n  mutation BackOfficeCreateWarehouse($input: CreateWarehouseInput!) {\n    createWarehouse(input: $input) {\n      id\n      code\n      name\n      locations {\n        code\n        name\n      }\n    }\n  }\n": typeof types.BackOfficeCreateWarehouseDocument,
    "\n  mutation BackOfficeAddStorageLocation($warehouseId: ID!, $input: AddStorageLocationInput!) {\n    addStorageLocation(warehouseId: $warehouseId, input: $input) {\n      id\n      code\n      name\n      locations {\n        code\n        name\n      }\n    }\n  }\n": typeof types.BackOfficeAddStorageLocationDocument,
    "\n  fragment BoardOrderRow on Order {\n    id\n    status\n    version\n    createdAt\n    updatedAt\n    customer {\n      id\n      name\n      email\n    }\n    items {\n      variantId\n      quantity\n    }\n    total {\n      amount\n      currency\n    }\n  }\n": typeof types.BoardOrderRowFragmentDoc,
    "\n  query BoardOrders($first: Int!, $after: String, $status: OrderStatus, $customer: String, $createdFrom: DateTime, $createdBefore: DateTime) {\n    orders(first: $first, after: $after, status: $status, customer: $customer, createdFrom: $createdFrom, createdBefore: $createdBefore) {\n      edges {\n        node {\n          ...BoardOrderRow\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": typeof types.BoardOrdersDocument,
    "\n  subscription BoardOrdersChanged {\n    ordersChanged {\n      ...BoardOrderRow\n    }\n  }\n": typeof types.BoardOrdersChangedDocument,
    "\n  fragment ConsoleOrderFields on Order {\n    id\n    status\n    version\n    createdAt\n    updatedAt\n    customer {\n      id\n      name\n      email\n    }\n    items {\n      variantId\n      sku\n      productName\n      variantName\n      quantity\n      unitPrice {\n        amount\n        currency\n      }\n      lineTotal {\n        amount\n        currency\n      }\n    }\n    total {\n      amount\n      currency\n    }\n    checkout {\n      status\n      failureReason\n      declineCode\n      outOfStockSkus\n      attempts\n    }\n    payment {\n      id\n      status\n      declineCode\n      amount {\n        amount\n        currency\n      }\n      amountAuthorized {\n        amount\n        currency\n      }\n      amountCaptured {\n        amount\n        currency\n      }\n      amountRefunded {\n        amount\n        currency\n      }\n    }\n    shipments {\n      id\n      status\n      carrier\n      trackingNumber\n      createdAt\n      shippedAt\n      deliveredAt\n      cancelledAt\n      lines {\n        variantId\n        sku\n        quantity\n      }\n    }\n    history {\n      position\n      streamType\n      streamId\n      version\n      type\n      occurredAt\n      actor\n      data\n    }\n  }\n": typeof types.ConsoleOrderFieldsFragmentDoc,
    "\n  query ConsoleOrder($id: ID!) {\n    order(id: $id) {\n      ...ConsoleOrderFields\n    }\n    notifications(orderId: $id) {\n      id\n      kind\n      recipient\n      subject\n      sentAt\n    }\n  }\n": typeof types.ConsoleOrderDocument,
    "\n  query ConsoleOrderAtVersion($id: ID!, $version: Int!) {\n    order(id: $id, version: $version) {\n      id\n      status\n      version\n      updatedAt\n      items {\n        variantId\n        sku\n        productName\n        variantName\n        quantity\n        lineTotal {\n          amount\n          currency\n        }\n      }\n      total {\n        amount\n        currency\n      }\n    }\n  }\n": typeof types.ConsoleOrderAtVersionDocument,
    "\n  subscription ConsoleOrderUpdated($orderId: ID!, $after: Int) {\n    orderUpdated(orderId: $orderId, after: $after) {\n      id\n      status\n      version\n      position\n    }\n  }\n": typeof types.ConsoleOrderUpdatedDocument,
    "\n  subscription ConsoleShipmentUpdated($orderId: ID!, $after: Int) {\n    shipmentUpdated(orderId: $orderId, after: $after) {\n      id\n      status\n      position\n    }\n  }\n": typeof types.ConsoleShipmentUpdatedDocument,
    "\n  mutation ConsoleCreateShipment($orderId: ID!, $carrier: String!, $lines: [ShipmentLineInput!]!) {\n    createShipment(orderId: $orderId, carrier: $carrier, lines: $lines) {\n      id\n      status\n    }\n  }\n": typeof types.ConsoleCreateShipmentDocument,
    "\n  mutation ConsoleShipShipment($shipmentId: ID!, $trackingNumber: String!) {\n    shipShipment(shipmentId: $shipmentId, trackingNumber: $trackingNumber) {\n      id\n      status\n      trackingNumber\n    }\n  }\n": typeof types.ConsoleShipShipmentDocument,
    "\n  mutation ConsoleDeliverShipment($shipmentId: ID!) {\n    deliverShipment(shipmentId: $shipmentId) {\n      id\n      status\n    }\n  }\n": typeof types.ConsoleDeliverShipmentDocument,
    "\n  mutation ConsoleCancelShipment($shipmentId: ID!) {\n    cancelShipment(shipmentId: $shipmentId) {\n      id\n      status\n    }\n  }\n": typeof types.ConsoleCancelShipmentDocument,
    "\n  mutation ConsoleCancelOrder($orderId: ID!, $reason: String!) {\n    cancelOrder(orderId: $orderId, reason: $reason) {\n      id\n      status\n      version\n    }\n  }\n": typeof types.ConsoleCancelOrderDocument,
    "\n  mutation ConsoleCapturePayment($paymentId: ID!, $amount: MoneyInput!) {\n    capturePayment(paymentId: $paymentId, amount: $amount) {\n      id\n      status\n    }\n  }\n": typeof types.ConsoleCapturePaymentDocument,
    "\n  mutation ConsoleRefundPayment($paymentId: ID!, $amount: MoneyInput!, $reason: String!) {\n    refundPayment(paymentId: $paymentId, amount: $amount, reason: $reason) {\n      id\n      status\n    }\n  }\n": typeof types.ConsoleRefundPaymentDocument,
    "\n  mutation ConsoleVoidPayment($paymentId: ID!) {\n    voidPayment(paymentId: $paymentId) {\n      id\n      status\n    }\n  }\n": typeof types.ConsoleVoidPaymentDocument,
    "\n  query BackOfficePayments($first: Int!, $after: String, $status: PaymentStatus, $from: DateTime, $to: DateTime) {\n    payments(first: $first, after: $after, status: $status, from: $from, to: $to) {\n      edges {\n        cursor\n        node {\n          id\n          orderId\n          status\n          createdAt\n          amount {\n            amount\n            currency\n          }\n          amountCaptured {\n            amount\n            currency\n          }\n          amountRefunded {\n            amount\n            currency\n          }\n          declineCode\n          bank\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": typeof types.BackOfficePaymentsDocument,
    "\n  query BackOfficePaymentDeclines($from: DateTime!, $to: DateTime!) {\n    paymentDeclines(from: $from, to: $to) {\n      day\n      declineCode\n      bank\n      count\n      amount {\n        amount\n        currency\n      }\n    }\n  }\n": typeof types.BackOfficePaymentDeclinesDocument,
    "\n  query BackOfficeStaffAccounts {\n    staffAccounts {\n      id\n      name\n      email\n      role\n      createdAt\n      disabled\n    }\n  }\n": typeof types.BackOfficeStaffAccountsDocument,
    "\n  mutation BackOfficeCreateStaffAccount($email: String!, $password: String!, $name: String!, $role: Role!) {\n    createStaffAccount(email: $email, password: $password, name: $name, role: $role) {\n      id\n      name\n      email\n      role\n      createdAt\n    }\n  }\n": typeof types.BackOfficeCreateStaffAccountDocument,
    "\n  mutation BackOfficeDisableAccount($userId: ID!) {\n    disableAccount(userId: $userId) {\n      id\n      disabled\n    }\n  }\n": typeof types.BackOfficeDisableAccountDocument,
    "\n  mutation BackOfficeEnableAccount($userId: ID!) {\n    enableAccount(userId: $userId) {\n      id\n      disabled\n    }\n  }\n": typeof types.BackOfficeEnableAccountDocument,
    "\n  mutation AddOrderItem($orderId: ID!, $variantId: ID!, $quantity: Int!) {\n    addOrderItem(orderId: $orderId, variantId: $variantId, quantity: $quantity) {\n      ...OrderFields\n    }\n  }\n": typeof types.AddOrderItemDocument,
    "\n  query CatalogFilterOptions {\n    brands {\n      id\n      name\n    }\n    categories {\n      id\n      name\n      parentId\n    }\n  }\n": typeof types.CatalogFilterOptionsDocument,
    "\n  fragment CatalogProduct on Product {\n    id\n    name\n    description\n    variants {\n      id\n      sku\n      name\n      price {\n        amount\n        currency\n      }\n      available\n    }\n  }\n": typeof types.CatalogProductFragmentDoc,
    "\n  query CatalogProducts($search: String, $brandIds: [ID!], $categoryIds: [ID!], $first: Int!, $after: String) {\n    products(search: $search, brandIds: $brandIds, categoryIds: $categoryIds, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...CatalogProduct\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": typeof types.CatalogProductsDocument,
    "\n  mutation CancelOrder($orderId: ID!, $reason: String!) {\n    cancelOrder(orderId: $orderId, reason: $reason) {\n      ...OrderFields\n    }\n  }\n": typeof types.CancelOrderDocument,
    "\n  mutation CheckoutOrder($orderId: ID!, $token: String!, $idempotencyKey: String!) {\n    checkoutOrder(orderId: $orderId, payment: { token: $token }, idempotencyKey: $idempotencyKey) {\n      ...OrderFields\n    }\n  }\n": typeof types.CheckoutOrderDocument,
    "\n  mutation ChangeOrderItemQuantity($orderId: ID!, $variantId: ID!, $quantity: Int!) {\n    changeOrderItemQuantity(orderId: $orderId, variantId: $variantId, quantity: $quantity) {\n      ...OrderFields\n    }\n  }\n": typeof types.ChangeOrderItemQuantityDocument,
    "\n  mutation RemoveOrderItem($orderId: ID!, $variantId: ID!) {\n    removeOrderItem(orderId: $orderId, variantId: $variantId) {\n      ...OrderFields\n    }\n  }\n": typeof types.RemoveOrderItemDocument,
    "\n  query RecentOrders($first: Int!, $after: String, $status: OrderStatus) {\n    orders(first: $first, after: $after, status: $status) {\n      edges {\n        cursor\n        node {\n          ...OrderSummary\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": typeof types.RecentOrdersDocument,
    "\n  fragment OrderSummary on Order {\n    id\n    status\n    version\n    updatedAt\n    items {\n      variantId\n      quantity\n    }\n    total {\n      amount\n      currency\n    }\n  }\n": typeof types.OrderSummaryFragmentDoc,
    "\n  fragment OrderFields on Order {\n    id\n    status\n    version\n    createdAt\n    updatedAt\n    items {\n      variantId\n      sku\n      productName\n      variantName\n      quantity\n      unitPrice {\n        amount\n        currency\n      }\n      lineTotal {\n        amount\n        currency\n      }\n    }\n    total {\n      amount\n      currency\n    }\n    checkout {\n      status\n      failureReason\n      outOfStockSkus\n      declineCode\n      attempts\n    }\n    payment {\n      id\n      status\n      amountAuthorized {\n        amount\n        currency\n      }\n      amountCaptured {\n        amount\n        currency\n      }\n      amountRefunded {\n        amount\n        currency\n      }\n    }\n    shipments {\n      id\n      status\n      carrier\n      trackingNumber\n      shippedAt\n      deliveredAt\n      lines {\n        variantId\n        sku\n        quantity\n      }\n    }\n  }\n": typeof types.OrderFieldsFragmentDoc,
    "\n  mutation StartOrder {\n    createOrder {\n      ...OrderFields\n    }\n  }\n": typeof types.StartOrderDocument,
    "\n  subscription OrderUpdated($orderId: ID!, $after: Int) {\n    orderUpdated(orderId: $orderId, after: $after) {\n      ...OrderFields\n      position\n    }\n  }\n": typeof types.OrderUpdatedDocument,
    "\n  subscription OrdersChanged {\n    ordersChanged {\n      ...OrderSummary\n    }\n  }\n": typeof types.OrdersChangedDocument,
    "\n  query Order($id: ID!) {\n    order(id: $id) {\n      ...OrderFields\n    }\n  }\n": typeof types.OrderDocument,
};
const documents: Documents = {
    "\n  fragment AccountUser on User {\n    id\n    email\n    name\n    role\n    shop\n  }\n": types.AccountUserFragmentDoc,
    "\n  fragment Session on AuthPayload {\n    token\n    expiresAt\n    refreshToken\n    refreshTokenExpiresAt\n    user {\n      ...AccountUser\n    }\n  }\n": types.SessionFragmentDoc,
    "\n  mutation SignIn($shop: String!, $email: String!, $password: String!) {\n    signIn(shop: $shop, email: $email, password: $password) {\n      ...Session\n    }\n  }\n": types.SignInDocument,
    "\n  mutation SignUp($shop: String!, $email: String!, $password: String!, $name: String!) {\n    signUp(shop: $shop, email: $email, password: $password, name: $name) {\n      ...Session\n    }\n  }\n": types.SignUpDocument,
    "\n  query Me {\n    me {\n      ...AccountUser\n    }\n  }\n": types.MeDocument,
    "\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      ...Session\n    }\n  }\n": types.RefreshSessionDocument,
    "\n  mutation SignOut($refreshToken: String) {\n    signOut(refreshToken: $refreshToken)\n  }\n": types.SignOutDocument,
    "\n  mutation RequestPasswordReset($shop: String!, $email: String!) {\n    requestPasswordReset(shop: $shop, email: $email)\n  }\n": types.RequestPasswordResetDocument,
    "\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n": types.ResetPasswordDocument,
    "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      ...Session\n    }\n  }\n": types.ChangePasswordDocument,
    "\n  fragment EditorProduct on Product {\n    id\n    name\n    description\n    status\n    version\n    updatedAt\n    variants {\n      id\n      sku\n      name\n      price {\n        amount\n        currency\n      }\n    }\n    brand {\n      id\n      name\n    }\n    categories {\n      id\n      name\n    }\n  }\n": types.EditorProductFragmentDoc,
    "\n  query BackOfficeCatalogProducts($first: Int!, $after: String, $status: ProductStatus, $search: String) {\n    catalogProducts(first: $first, after: $after, status: $status, search: $search) {\n      edges {\n        cursor\n        node {\n          ...EditorProduct\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": types.BackOfficeCatalogProductsDocument,
    "\n  query BackOfficeProduct($id: ID!) {\n    product(id: $id) {\n      ...EditorProduct\n    }\n  }\n": types.BackOfficeProductDocument,
    "\n  query BackOfficeTaxonomy {\n    brands {\n      id\n      name\n    }\n    categories {\n      id\n      name\n      parentId\n    }\n  }\n": types.BackOfficeTaxonomyDocument,
    "\n  mutation BackOfficeCreateProduct($input: CreateProductInput!) {\n    createProduct(input: $input) {\n      ...EditorProduct\n    }\n  }\n": types.BackOfficeCreateProductDocument,
    "\n  mutation BackOfficeAddVariant($productId: ID!, $input: AddProductVariantInput!) {\n    addProductVariant(productId: $productId, input: $input) {\n      ...EditorProduct\n    }\n  }\n": types.BackOfficeAddVariantDocument,
    "\n  mutation BackOfficeChangePrice($variantId: ID!, $price: MoneyInput!) {\n    changeVariantPrice(variantId: $variantId, price: $price) {\n      ...EditorProduct\n    }\n  }\n": types.BackOfficeChangePriceDocument,
    "\n  mutation BackOfficePublishProduct($id: ID!) {\n    publishProduct(id: $id) {\n      ...EditorProduct\n    }\n  }\n": types.BackOfficePublishProductDocument,
    "\n  mutation BackOfficeArchiveProduct($id: ID!) {\n    archiveProduct(id: $id) {\n      ...EditorProduct\n    }\n  }\n": types.BackOfficeArchiveProductDocument,
    "\n  mutation BackOfficeSetProductBrand($productId: ID!, $brandId: ID) {\n    setProductBrand(productId: $productId, brandId: $brandId) {\n      ...EditorProduct\n    }\n  }\n": types.BackOfficeSetProductBrandDocument,
    "\n  mutation BackOfficeAddProductCategory($productId: ID!, $categoryId: ID!) {\n    addProductCategory(productId: $productId, categoryId: $categoryId) {\n      ...EditorProduct\n    }\n  }\n": types.BackOfficeAddProductCategoryDocument,
    "\n  mutation BackOfficeRemoveProductCategory($productId: ID!, $categoryId: ID!) {\n    removeProductCategory(productId: $productId, categoryId: $categoryId) {\n      ...EditorProduct\n    }\n  }\n": types.BackOfficeRemoveProductCategoryDocument,
    "\n  fragment DashboardWindowFields on DashboardWindow {\n    from\n    to\n    ordersPlaced\n    revenue {\n      amount\n      currency\n    }\n    checkoutsFailed\n    failuresByReason {\n      reason\n      count\n    }\n    ordersOverTime {\n      start\n      ordersPlaced\n    }\n  }\n": types.DashboardWindowFieldsFragmentDoc,
    "\n  fragment DashboardFields on Dashboard {\n    at\n    lastHour {\n      ...DashboardWindowFields\n    }\n    lastDay {\n      ...DashboardWindowFields\n    }\n    lowStockThreshold\n    stockAlerts {\n      sku\n      onHand\n      reserved\n      available\n      level\n    }\n    stockAlertCount\n  }\n": types.DashboardFieldsFragmentDoc,
    "\n  query BackOfficeDashboard {\n    dashboard {\n      ...DashboardFields\n    }\n  }\n": types.BackOfficeDashboardDocument,
    "\n  subscription BackOfficeDashboardChanged {\n    dashboardChanged {\n      ...DashboardFields\n    }\n  }\n": types.BackOfficeDashboardChangedDocument,
    "\n  fragment BackOfficeStockLevel on StockLevel {\n    sku\n    onHand\n    reserved\n    available\n    warehouses {\n      warehouse {\n        id\n        code\n      }\n      onHand\n      reserved\n      available\n    }\n  }\n": types.BackOfficeStockLevelFragmentDoc,
    "\n  query BackOfficeStockLevels($first: Int!, $after: String, $search: String) {\n    stockLevels(first: $first, after: $after, search: $search) {\n      edges {\n        cursor\n        node {\n          ...BackOfficeStockLevel\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": types.BackOfficeStockLevelsDocument,
    "\n  subscription BackOfficeStockLevelChanged($sku: String!, $after: Int) {\n    stockLevelChanged(sku: $sku, after: $after) {\n      ...BackOfficeStockLevel\n      position\n    }\n  }\n": types.BackOfficeStockLevelChangedDocument,
    "\n  query BackOfficeStockMovements($sku: String!, $first: Int!, $after: String) {\n    stockMovements(sku: $sku, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          type\n          quantity\n          onHandChange\n          reservedChange\n          reason\n          orderId\n          at\n          warehouse {\n            id\n            code\n          }\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": types.BackOfficeStockMovementsDocument,
    "\n  query BackOfficeWarehouses {\n    warehouses {\n      id\n      code\n      name\n      locations {\n        code\n        name\n      }\n    }\n  }\n": types.BackOfficeWarehousesDocument,
    "\n  mutation BackOfficeReceiveStock($input: ReceiveStockInput!) {\n    receiveStock(input: $input) {\n      ...BackOfficeStockLevel\n    }\n  }\n": types.BackOfficeReceiveStockDocument,
    "\n  mutation BackOfficeAdjustStock($input: AdjustStockInput!) {\n    adjustStock(input: $input) {\n      ...BackOfficeStockLevel\n    }\n  }\n": types.BackOfficeAdjustStockDocument,
    "\n  mutation BackOfficeCreateWarehouse($input: CreateWarehouseInput!) {\n    createWarehouse(input: $input) {\n      id\n      code\n      name\n      locations {\n        code\n        name\n      }\n    }\n  }\n": types.BackOfficeCreateWarehouseDocument,
    "\n  mutation BackOfficeAddStorageLocation($warehouseId: ID!, $input: AddStorageLocationInput!) {\n    addStorageLocation(warehouseId: $warehouseId, input: $input) {\n      id\n      code\n      name\n      locations {\n        code\n        name\n      }\n    }\n  }\n": types.BackOfficeAddStorageLocationDocument,
    "\n  fragment BoardOrderRow on Order {\n    id\n    status\n    version\n    createdAt\n    updatedAt\n    customer {\n      id\n      name\n      email\n    }\n    items {\n      variantId\n      quantity\n    }\n    total {\n      amount\n      currency\n    }\n  }\n": types.BoardOrderRowFragmentDoc,
    "\n  query BoardOrders($first: Int!, $after: String, $status: OrderStatus, $customer: String, $createdFrom: DateTime, $createdBefore: DateTime) {\n    orders(first: $first, after: $after, status: $status, customer: $customer, createdFrom: $createdFrom, createdBefore: $createdBefore) {\n      edges {\n        node {\n          ...BoardOrderRow\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": types.BoardOrdersDocument,
    "\n  subscription BoardOrdersChanged {\n    ordersChanged {\n      ...BoardOrderRow\n    }\n  }\n": types.BoardOrdersChangedDocument,
    "\n  fragment ConsoleOrderFields on Order {\n    id\n    status\n    version\n    createdAt\n    updatedAt\n    customer {\n      id\n      name\n      email\n    }\n    items {\n      variantId\n      sku\n      productName\n      variantName\n      quantity\n      unitPrice {\n        amount\n        currency\n      }\n      lineTotal {\n        amount\n        currency\n      }\n    }\n    total {\n      amount\n      currency\n    }\n    checkout {\n      status\n      failureReason\n      declineCode\n      outOfStockSkus\n      attempts\n    }\n    payment {\n      id\n      status\n      declineCode\n      amount {\n        amount\n        currency\n      }\n      amountAuthorized {\n        amount\n        currency\n      }\n      amountCaptured {\n        amount\n        currency\n      }\n      amountRefunded {\n        amount\n        currency\n      }\n    }\n    shipments {\n      id\n      status\n      carrier\n      trackingNumber\n      createdAt\n      shippedAt\n      deliveredAt\n      cancelledAt\n      lines {\n        variantId\n        sku\n        quantity\n      }\n    }\n    history {\n      position\n      streamType\n      streamId\n      version\n      type\n      occurredAt\n      actor\n      data\n    }\n  }\n": types.ConsoleOrderFieldsFragmentDoc,
    "\n  query ConsoleOrder($id: ID!) {\n    order(id: $id) {\n      ...ConsoleOrderFields\n    }\n    notifications(orderId: $id) {\n      id\n      kind\n      recipient\n      subject\n      sentAt\n    }\n  }\n": types.ConsoleOrderDocument,
    "\n  query ConsoleOrderAtVersion($id: ID!, $version: Int!) {\n    order(id: $id, version: $version) {\n      id\n      status\n      version\n      updatedAt\n      items {\n        variantId\n        sku\n        productName\n        variantName\n        quantity\n        lineTotal {\n          amount\n          currency\n        }\n      }\n      total {\n        amount\n        currency\n      }\n    }\n  }\n": types.ConsoleOrderAtVersionDocument,
    "\n  subscription ConsoleOrderUpdated($orderId: ID!, $after: Int) {\n    orderUpdated(orderId: $orderId, after: $after) {\n      id\n      status\n      version\n      position\n    }\n  }\n": types.ConsoleOrderUpdatedDocument,
    "\n  subscription ConsoleShipmentUpdated($orderId: ID!, $after: Int) {\n    shipmentUpdated(orderId: $orderId, after: $after) {\n      id\n      status\n      position\n    }\n  }\n": types.ConsoleShipmentUpdatedDocument,
    "\n  mutation ConsoleCreateShipment($orderId: ID!, $carrier: String!, $lines: [ShipmentLineInput!]!) {\n    createShipment(orderId: $orderId, carrier: $carrier, lines: $lines) {\n      id\n      status\n    }\n  }\n": types.ConsoleCreateShipmentDocument,
    "\n  mutation ConsoleShipShipment($shipmentId: ID!, $trackingNumber: String!) {\n    shipShipment(shipmentId: $shipmentId, trackingNumber: $trackingNumber) {\n      id\n      status\n      trackingNumber\n    }\n  }\n": types.ConsoleShipShipmentDocument,
    "\n  mutation ConsoleDeliverShipment($shipmentId: ID!) {\n    deliverShipment(shipmentId: $shipmentId) {\n      id\n      status\n    }\n  }\n": types.ConsoleDeliverShipmentDocument,
    "\n  mutation ConsoleCancelShipment($shipmentId: ID!) {\n    cancelShipment(shipmentId: $shipmentId) {\n      id\n      status\n    }\n  }\n": types.ConsoleCancelShipmentDocument,
    "\n  mutation ConsoleCancelOrder($orderId: ID!, $reason: String!) {\n    cancelOrder(orderId: $orderId, reason: $reason) {\n      id\n      status\n      version\n    }\n  }\n": types.ConsoleCancelOrderDocument,
    "\n  mutation ConsoleCapturePayment($paymentId: ID!, $amount: MoneyInput!) {\n    capturePayment(paymentId: $paymentId, amount: $amount) {\n      id\n      status\n    }\n  }\n": types.ConsoleCapturePaymentDocument,
    "\n  mutation ConsoleRefundPayment($paymentId: ID!, $amount: MoneyInput!, $reason: String!) {\n    refundPayment(paymentId: $paymentId, amount: $amount, reason: $reason) {\n      id\n      status\n    }\n  }\n": types.ConsoleRefundPaymentDocument,
    "\n  mutation ConsoleVoidPayment($paymentId: ID!) {\n    voidPayment(paymentId: $paymentId) {\n      id\n      status\n    }\n  }\n": types.ConsoleVoidPaymentDocument,
    "\n  query BackOfficePayments($first: Int!, $after: String, $status: PaymentStatus, $from: DateTime, $to: DateTime) {\n    payments(first: $first, after: $after, status: $status, from: $from, to: $to) {\n      edges {\n        cursor\n        node {\n          id\n          orderId\n          status\n          createdAt\n          amount {\n            amount\n            currency\n          }\n          amountCaptured {\n            amount\n            currency\n          }\n          amountRefunded {\n            amount\n            currency\n          }\n          declineCode\n          bank\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": types.BackOfficePaymentsDocument,
    "\n  query BackOfficePaymentDeclines($from: DateTime!, $to: DateTime!) {\n    paymentDeclines(from: $from, to: $to) {\n      day\n      declineCode\n      bank\n      count\n      amount {\n        amount\n        currency\n      }\n    }\n  }\n": types.BackOfficePaymentDeclinesDocument,
    "\n  query BackOfficeStaffAccounts {\n    staffAccounts {\n      id\n      name\n      email\n      role\n      createdAt\n      disabled\n    }\n  }\n": types.BackOfficeStaffAccountsDocument,
    "\n  mutation BackOfficeCreateStaffAccount($email: String!, $password: String!, $name: String!, $role: Role!) {\n    createStaffAccount(email: $email, password: $password, name: $name, role: $role) {\n      id\n      name\n      email\n      role\n      createdAt\n    }\n  }\n": types.BackOfficeCreateStaffAccountDocument,
    "\n  mutation BackOfficeDisableAccount($userId: ID!) {\n    disableAccount(userId: $userId) {\n      id\n      disabled\n    }\n  }\n": types.BackOfficeDisableAccountDocument,
    "\n  mutation BackOfficeEnableAccount($userId: ID!) {\n    enableAccount(userId: $userId) {\n      id\n      disabled\n    }\n  }\n": types.BackOfficeEnableAccountDocument,
    "\n  mutation AddOrderItem($orderId: ID!, $variantId: ID!, $quantity: Int!) {\n    addOrderItem(orderId: $orderId, variantId: $variantId, quantity: $quantity) {\n      ...OrderFields\n    }\n  }\n": types.AddOrderItemDocument,
    "\n  query CatalogFilterOptions {\n    brands {\n      id\n      name\n    }\n    categories {\n      id\n      name\n      parentId\n    }\n  }\n": types.CatalogFilterOptionsDocument,
    "\n  fragment CatalogProduct on Product {\n    id\n    name\n    description\n    variants {\n      id\n      sku\n      name\n      price {\n        amount\n        currency\n      }\n      available\n    }\n  }\n": types.CatalogProductFragmentDoc,
    "\n  query CatalogProducts($search: String, $brandIds: [ID!], $categoryIds: [ID!], $first: Int!, $after: String) {\n    products(search: $search, brandIds: $brandIds, categoryIds: $categoryIds, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...CatalogProduct\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": types.CatalogProductsDocument,
    "\n  mutation CancelOrder($orderId: ID!, $reason: String!) {\n    cancelOrder(orderId: $orderId, reason: $reason) {\n      ...OrderFields\n    }\n  }\n": types.CancelOrderDocument,
    "\n  mutation CheckoutOrder($orderId: ID!, $token: String!, $idempotencyKey: String!) {\n    checkoutOrder(orderId: $orderId, payment: { token: $token }, idempotencyKey: $idempotencyKey) {\n      ...OrderFields\n    }\n  }\n": types.CheckoutOrderDocument,
    "\n  mutation ChangeOrderItemQuantity($orderId: ID!, $variantId: ID!, $quantity: Int!) {\n    changeOrderItemQuantity(orderId: $orderId, variantId: $variantId, quantity: $quantity) {\n      ...OrderFields\n    }\n  }\n": types.ChangeOrderItemQuantityDocument,
    "\n  mutation RemoveOrderItem($orderId: ID!, $variantId: ID!) {\n    removeOrderItem(orderId: $orderId, variantId: $variantId) {\n      ...OrderFields\n    }\n  }\n": types.RemoveOrderItemDocument,
    "\n  query RecentOrders($first: Int!, $after: String, $status: OrderStatus) {\n    orders(first: $first, after: $after, status: $status) {\n      edges {\n        cursor\n        node {\n          ...OrderSummary\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": types.RecentOrdersDocument,
    "\n  fragment OrderSummary on Order {\n    id\n    status\n    version\n    updatedAt\n    items {\n      variantId\n      quantity\n    }\n    total {\n      amount\n      currency\n    }\n  }\n": types.OrderSummaryFragmentDoc,
    "\n  fragment OrderFields on Order {\n    id\n    status\n    version\n    createdAt\n    updatedAt\n    items {\n      variantId\n      sku\n      productName\n      variantName\n      quantity\n      unitPrice {\n        amount\n        currency\n      }\n      lineTotal {\n        amount\n        currency\n      }\n    }\n    total {\n      amount\n      currency\n    }\n    checkout {\n      status\n      failureReason\n      outOfStockSkus\n      declineCode\n      attempts\n    }\n    payment {\n      id\n      status\n      amountAuthorized {\n        amount\n        currency\n      }\n      amountCaptured {\n        amount\n        currency\n      }\n      amountRefunded {\n        amount\n        currency\n      }\n    }\n    shipments {\n      id\n      status\n      carrier\n      trackingNumber\n      shippedAt\n      deliveredAt\n      lines {\n        variantId\n        sku\n        quantity\n      }\n    }\n  }\n": types.OrderFieldsFragmentDoc,
    "\n  mutation StartOrder {\n    createOrder {\n      ...OrderFields\n    }\n  }\n": types.StartOrderDocument,
    "\n  subscription OrderUpdated($orderId: ID!, $after: Int) {\n    orderUpdated(orderId: $orderId, after: $after) {\n      ...OrderFields\n      position\n    }\n  }\n": types.OrderUpdatedDocument,
    "\n  subscription OrdersChanged {\n    ordersChanged {\n      ...OrderSummary\n    }\n  }\n": types.OrdersChangedDocument,
    "\n  query Order($id: ID!) {\n    order(id: $id) {\n      ...OrderFields\n    }\n  }\n": types.OrderDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AccountUser on User {\n    id\n    email\n    name\n    role\n    shop\n  }\n"): (typeof documents)["\n  fragment AccountUser on User {\n    id\n    email\n    name\n    role\n    shop\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment Session on AuthPayload {\n    token\n    expiresAt\n    refreshToken\n    refreshTokenExpiresAt\n    user {\n      ...AccountUser\n    }\n  }\n"): (typeof documents)["\n  fragment Session on AuthPayload {\n    token\n    expiresAt\n    refreshToken\n    refreshTokenExpiresAt\n    user {\n      ...AccountUser\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignIn($shop: String!, $email: String!, $password: String!) {\n    signIn(shop: $shop, email: $email, password: $password) {\n      ...Session\n    }\n  }\n"): (typeof documents)["\n  mutation SignIn($shop: String!, $email: String!, $password: String!) {\n    signIn(shop: $shop, email: $email, password: $password) {\n      ...Session\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignUp($shop: String!, $email: String!, $password: String!, $name: String!) {\n    signUp(shop: $shop, email: $email, password: $password, name: $name) {\n      ...Session\n    }\n  }\n"): (typeof documents)["\n  mutation SignUp($shop: String!, $email: String!, $password: String!, $name: String!) {\n    signUp(shop: $shop, email: $email, password: $password, name: $name) {\n      ...Session\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      ...AccountUser\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      ...AccountUser\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      ...Session\n    }\n  }\n"): (typeof documents)["\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      ...Session\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignOut($refreshToken: String) {\n    signOut(refreshToken: $refreshToken)\n  }\n"): (typeof documents)["\n  mutation SignOut($refreshToken: String) {\n    signOut(refreshToken: $refreshToken)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestPasswordReset($shop: String!, $email: String!) {\n    requestPasswordReset(shop: $shop, email: $email)\n  }\n"): (typeof documents)["\n  mutation RequestPasswordReset($shop: String!, $email: String!) {\n    requestPasswordReset(shop: $shop, email: $email)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n"): (typeof documents)["\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      ...Session\n    }\n  }\n"): (typeof documents)["\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      ...Session\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment EditorProduct on Product {\n    id\n    name\n    description\n    status\n    version\n    updatedAt\n    variants {\n      id\n      sku\n      name\n      price {\n        amount\n        currency\n      }\n    }\n    brand {\n      id\n      name\n    }\n    categories {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment EditorProduct on Product {\n    id\n    name\n    description\n    status\n    version\n    updatedAt\n    variants {\n      id\n      sku\n      name\n      price {\n        amount\n        currency\n      }\n    }\n    brand {\n      id\n      name\n    }\n    categories {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BackOfficeCatalogProducts($first: Int!, $after: String, $status: ProductStatus, $search: String) {\n    catalogProducts(first: $first, after: $after, status: $status, search: $search) {\n      edges {\n        cursor\n        node {\n          ...EditorProduct\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"): (typeof documents)["\n  query BackOfficeCatalogProducts($first: Int!, $after: String, $status: ProductStatus, $search: String) {\n    catalogProducts(first: $first, after: $after, status: $status, search: $search) {\n      edges {\n        cursor\n        node {\n          ...EditorProduct\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BackOfficeProduct($id: ID!) {\n    product(id: $id) {\n      ...EditorProduct\n    }\n  }\n"): (typeof documents)["\n  query BackOfficeProduct($id: ID!) {\n    product(id: $id) {\n      ...EditorProduct\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BackOfficeTaxonomy {\n    brands {\n      id\n      name\n    }\n    categories {\n      id\n      name\n      parentId\n    }\n  }\n"): (typeof documents)["\n  query BackOfficeTaxonomy {\n    brands {\n      id\n      name\n    }\n    categories {\n      id\n      name\n      parentId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BackOfficeCreateProduct($input: CreateProductInput!) {\n    createProduct(input: $input) {\n      ...EditorProduct\n    }\n  }\n"): (typeof documents)["\n  mutation BackOfficeCreateProduct($input: CreateProductInput!) {\n    createProduct(input: $input) {\n      ...EditorProduct\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BackOfficeAddVariant($productId: ID!, $input: AddProductVariantInput!) {\n    addProductVariant(productId: $productId, input: $input) {\n      ...EditorProduct\n    }\n  }\n"): (typeof documents)["\n  mutation BackOfficeAddVariant($productId: ID!, $input: AddProductVariantInput!) {\n    addProductVariant(productId: $productId, input: $input) {\n      ...EditorProduct\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BackOfficeChangePrice($variantId: ID!, $price: MoneyInput!) {\n    changeVariantPrice(variantId: $variantId, price: $price) {\n      ...EditorProduct\n    }\n  }\n"): (typeof documents)["\n  mutation BackOfficeChangePrice($variantId: ID!, $price: MoneyInput!) {\n    changeVariantPrice(variantId: $variantId, price: $price) {\n      ...EditorProduct\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BackOfficePublishProduct($id: ID!) {\n    publishProduct(id: $id) {\n      ...EditorProduct\n    }\n  }\n"): (typeof documents)["\n  mutation BackOfficePublishProduct($id: ID!) {\n    publishProduct(id: $id) {\n      ...EditorProduct\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BackOfficeArchiveProduct($id: ID!) {\n    archiveProduct(id: $id) {\n      ...EditorProduct\n    }\n  }\n"): (typeof documents)["\n  mutation BackOfficeArchiveProduct($id: ID!) {\n    archiveProduct(id: $id) {\n      ...EditorProduct\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BackOfficeSetProductBrand($productId: ID!, $brandId: ID) {\n    setProductBrand(productId: $productId, brandId: $brandId) {\n      ...EditorProduct\n    }\n  }\n"): (typeof documents)["\n  mutation BackOfficeSetProductBrand($productId: ID!, $brandId: ID) {\n    setProductBrand(productId: $productId, brandId: $brandId) {\n      ...EditorProduct\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BackOfficeAddProductCategory($productId: ID!, $categoryId: ID!) {\n    addProductCategory(productId: $productId, categoryId: $categoryId) {\n      ...EditorProduct\n    }\n  }\n"): (typeof documents)["\n  mutation BackOfficeAddProductCategory($productId: ID!, $categoryId: ID!) {\n    addProductCategory(productId: $productId, categoryId: $categoryId) {\n      ...EditorProduct\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BackOfficeRemoveProductCategory($productId: ID!, $categoryId: ID!) {\n    removeProductCategory(productId: $productId, categoryId: $categoryId) {\n      ...EditorProduct\n    }\n  }\n"): (typeof documents)["\n  mutation BackOfficeRemoveProductCategory($productId: ID!, $categoryId: ID!) {\n    removeProductCategory(productId: $productId, categoryId: $categoryId) {\n      ...EditorProduct\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DashboardWindowFields on DashboardWindow {\n    from\n    to\n    ordersPlaced\n    revenue {\n      amount\n      currency\n    }\n    checkoutsFailed\n    failuresByReason {\n      reason\n      count\n    }\n    ordersOverTime {\n      start\n      ordersPlaced\n    }\n  }\n"): (typeof documents)["\n  fragment DashboardWindowFields on DashboardWindow {\n    from\n    to\n    ordersPlaced\n    revenue {\n      amount\n      currency\n    }\n    checkoutsFailed\n    failuresByReason {\n      reason\n      count\n    }\n    ordersOverTime {\n      start\n      ordersPlaced\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DashboardFields on Dashboard {\n    at\n    lastHour {\n      ...DashboardWindowFields\n    }\n    lastDay {\n      ...DashboardWindowFields\n    }\n    lowStockThreshold\n    stockAlerts {\n      sku\n      onHand\n      reserved\n      available\n      level\n    }\n    stockAlertCount\n  }\n"): (typeof documents)["\n  fragment DashboardFields on Dashboard {\n    at\n    lastHour {\n      ...DashboardWindowFields\n    }\n    lastDay {\n      ...DashboardWindowFields\n    }\n    lowStockThreshold\n    stockAlerts {\n      sku\n      onHand\n      reserved\n      available\n      level\n    }\n    stockAlertCount\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BackOfficeDashboard {\n    dashboard {\n      ...DashboardFields\n    }\n  }\n"): (typeof documents)["\n  query BackOfficeDashboard {\n    dashboard {\n      ...DashboardFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription BackOfficeDashboardChanged {\n    dashboardChanged {\n      ...DashboardFields\n    }\n  }\n"): (typeof documents)["\n  subscription BackOfficeDashboardChanged {\n    dashboardChanged {\n      ...DashboardFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BackOfficeStockLevel on StockLevel {\n    sku\n    onHand\n    reserved\n    available\n    warehouses {\n      warehouse {\n        id\n        code\n      }\n      onHand\n      reserved\n      available\n    }\n  }\n"): (typeof documents)["\n  fragment BackOfficeStockLevel on StockLevel {\n    sku\n    onHand\n    reserved\n    available\n    warehouses {\n      warehouse {\n        id\n        code\n      }\n      onHand\n      reserved\n      available\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BackOfficeStockLevels($first: Int!, $after: String, $search: String) {\n    stockLevels(first: $first, after: $after, search: $search) {\n      edges {\n        cursor\n        node {\n          ...BackOfficeStockLevel\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"): (typeof documents)["\n  query BackOfficeStockLevels($first: Int!, $after: String, $search: String) {\n    stockLevels(first: $first, after: $after, search: $search) {\n      edges {\n        cursor\n        node {\n          ...BackOfficeStockLevel\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription BackOfficeStockLevelChanged($sku: String!, $after: Int) {\n    stockLevelChanged(sku: $sku, after: $after) {\n      ...BackOfficeStockLevel\n      position\n    }\n  }\n"): (typeof documents)["\n  subscription BackOfficeStockLevelChanged($sku: String!, $after: Int) {\n    stockLevelChanged(sku: $sku, after: $after) {\n      ...BackOfficeStockLevel\n      position\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BackOfficeStockMovements($sku: String!, $first: Int!, $after: String) {\n    stockMovements(sku: $sku, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          type\n          quantity\n          onHandChange\n          reservedChange\n          reason\n          orderId\n          at\n          warehouse {\n            id\n            code\n          }\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"): (typeof documents)["\n  query BackOfficeStockMovements($sku: String!, $first: Int!, $after: String) {\n    stockMovements(sku: $sku, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          type\n          quantity\n          onHandChange\n          reservedChange\n          reason\n          orderId\n          at\n          warehouse {\n            id\n            code\n          }\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BackOfficeWarehouses {\n    warehouses {\n      id\n      code\n      name\n      locations {\n        code\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query BackOfficeWarehouses {\n    warehouses {\n      id\n      code\n      name\n      locations {\n        code\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BackOfficeReceiveStock($input: ReceiveStockInput!) {\n    receiveStock(input: $input) {\n      ...BackOfficeStockLevel\n    }\n  }\n"): (typeof documents)["\n  mutation BackOfficeReceiveStock($input: ReceiveStockInput!) {\n    receiveStock(input: $input) {\n      ...BackOfficeStockLevel\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BackOfficeAdjustStock($input: AdjustStockInput!) {\n    adjustStock(input: $input) {\n      ...BackOfficeStockLevel\n    }\n  }\n"): (typeof documents)["\n  mutation BackOfficeAdjustStock($input: AdjustStockInput!) {\n    adjustStock(input: $input) {\n      ...BackOfficeStockLevel\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BackOfficeCreateWarehouse($input: CreateWarehouseInput!) {\n    createWarehouse(input: $input) {\n      id\n      code\n      name\n      locations {\n        code\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation BackOfficeCreateWarehouse($input: CreateWarehouseInput!) {\n    createWarehouse(input: $input) {\n      id\n      code\n      name\n      locations {\n        code\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BackOfficeAddStorageLocation($warehouseId: ID!, $input: AddStorageLocationInput!) {\n    addStorageLocation(warehouseId: $warehouseId, input: $input) {\n      id\n      code\n      name\n      locations {\n        code\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation BackOfficeAddStorageLocation($warehouseId: ID!, $input: AddStorageLocationInput!) {\n    addStorageLocation(warehouseId: $warehouseId, input: $input) {\n      id\n      code\n      name\n      locations {\n        code\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BoardOrderRow on Order {\n    id\n    status\n    version\n    createdAt\n    updatedAt\n    customer {\n      id\n      name\n      email\n    }\n    items {\n      variantId\n      quantity\n    }\n    total {\n      amount\n      currency\n    }\n  }\n"): (typeof documents)["\n  fragment BoardOrderRow on Order {\n    id\n    status\n    version\n    createdAt\n    updatedAt\n    customer {\n      id\n      name\n      email\n    }\n    items {\n      variantId\n      quantity\n    }\n    total {\n      amount\n      currency\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BoardOrders($first: Int!, $after: String, $status: OrderStatus, $customer: String, $createdFrom: DateTime, $createdBefore: DateTime) {\n    orders(first: $first, after: $after, status: $status, customer: $customer, createdFrom: $createdFrom, createdBefore: $createdBefore) {\n      edges {\n        node {\n          ...BoardOrderRow\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"): (typeof documents)["\n  query BoardOrders($first: Int!, $after: String, $status: OrderStatus, $customer: String, $createdFrom: DateTime, $createdBefore: DateTime) {\n    orders(first: $first, after: $after, status: $status, customer: $customer, createdFrom: $createdFrom, createdBefore: $createdBefore) {\n      edges {\n        node {\n          ...BoardOrderRow\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription BoardOrdersChanged {\n    ordersChanged {\n      ...BoardOrderRow\n    }\n  }\n"): (typeof documents)["\n  subscription BoardOrdersChanged {\n    ordersChanged {\n      ...BoardOrderRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsoleOrderFields on Order {\n    id\n    status\n    version\n    createdAt\n    updatedAt\n    customer {\n      id\n      name\n      email\n    }\n    items {\n      variantId\n      sku\n      productName\n      variantName\n      quantity\n      unitPrice {\n        amount\n        currency\n      }\n      lineTotal {\n        amount\n        currency\n      }\n    }\n    total {\n      amount\n      currency\n    }\n    checkout {\n      status\n      failureReason\n      declineCode\n      outOfStockSkus\n      attempts\n    }\n    payment {\n      id\n      status\n      declineCode\n      amount {\n        amount\n        currency\n      }\n      amountAuthorized {\n        amount\n        currency\n      }\n      amountCaptured {\n        amount\n        currency\n      }\n      amountRefunded {\n        amount\n        currency\n      }\n    }\n    shipments {\n      id\n      status\n      carrier\n      trackingNumber\n      createdAt\n      shippedAt\n      deliveredAt\n      cancelledAt\n      lines {\n        variantId\n        sku\n        quantity\n      }\n    }\n    history {\n      position\n      streamType\n      streamId\n      version\n      type\n      occurredAt\n      actor\n      data\n    }\n  }\n"): (typeof documents)["\n  fragment ConsoleOrderFields on Order {\n    id\n    status\n    version\n    createdAt\n    updatedAt\n    customer {\n      id\n      name\n      email\n    }\n    items {\n      variantId\n      sku\n      productName\n      variantName\n      quantity\n      unitPrice {\n        amount\n        currency\n      }\n      lineTotal {\n        amount\n        currency\n      }\n    }\n    total {\n      amount\n      currency\n    }\n    checkout {\n      status\n      failureReason\n      declineCode\n      outOfStockSkus\n      attempts\n    }\n    payment {\n      id\n      status\n      declineCode\n      amount {\n        amount\n        currency\n      }\n      amountAuthorized {\n        amount\n        currency\n      }\n      amountCaptured {\n        amount\n        currency\n      }\n      amountRefunded {\n        amount\n        currency\n      }\n    }\n    shipments {\n      id\n      status\n      carrier\n      trackingNumber\n      createdAt\n      shippedAt\n      deliveredAt\n      cancelledAt\n      lines {\n        variantId\n        sku\n        quantity\n      }\n    }\n    history {\n      position\n      streamType\n      streamId\n      version\n      type\n      occurredAt\n      actor\n      data\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleOrder($id: ID!) {\n    order(id: $id) {\n      ...ConsoleOrderFields\n    }\n    notifications(orderId: $id) {\n      id\n      kind\n      recipient\n      subject\n      sentAt\n    }\n  }\n"): (typeof documents)["\n  query ConsoleOrder($id: ID!) {\n    order(id: $id) {\n      ...ConsoleOrderFields\n    }\n    notifications(orderId: $id) {\n      id\n      kind\n      recipient\n      subject\n      sentAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleOrderAtVersion($id: ID!, $version: Int!) {\n    order(id: $id, version: $version) {\n      id\n      status\n      version\n      updatedAt\n      items {\n        variantId\n        sku\n        productName\n        variantName\n        quantity\n        lineTotal {\n          amount\n          currency\n        }\n      }\n      total {\n        amount\n        currency\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleOrderAtVersion($id: ID!, $version: Int!) {\n    order(id: $id, version: $version) {\n      id\n      status\n      version\n      updatedAt\n      items {\n        variantId\n        sku\n        productName\n        variantName\n        quantity\n        lineTotal {\n          amount\n          currency\n        }\n      }\n      total {\n        amount\n        currency\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConsoleOrderUpdated($orderId: ID!, $after: Int) {\n    orderUpdated(orderId: $orderId, after: $after) {\n      id\n      status\n      version\n      position\n    }\n  }\n"): (typeof documents)["\n  subscription ConsoleOrderUpdated($orderId: ID!, $after: Int) {\n    orderUpdated(orderId: $orderId, after: $after) {\n      id\n      status\n      version\n      position\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConsoleShipmentUpdated($orderId: ID!, $after: Int) {\n    shipmentUpdated(orderId: $orderId, after: $after) {\n      id\n      status\n      position\n    }\n  }\n"): (typeof documents)["\n  subscription ConsoleShipmentUpdated($orderId: ID!, $after: Int) {\n    shipmentUpdated(orderId: $orderId, after: $after) {\n      id\n      status\n      position\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCreateShipment($orderId: ID!, $carrier: String!, $lines: [ShipmentLineInput!]!) {\n    createShipment(orderId: $orderId, carrier: $carrier, lines: $lines) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleCreateShipment($orderId: ID!, $carrier: String!, $lines: [ShipmentLineInput!]!) {\n    createShipment(orderId: $orderId, carrier: $carrier, lines: $lines) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleShipShipment($shipmentId: ID!, $trackingNumber: String!) {\n    shipShipment(shipmentId: $shipmentId, trackingNumber: $trackingNumber) {\n      id\n      status\n      trackingNumber\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleShipShipment($shipmentId: ID!, $trackingNumber: String!) {\n    shipShipment(shipmentId: $shipmentId, trackingNumber: $trackingNumber) {\n      id\n      status\n      trackingNumber\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleDeliverShipment($shipmentId: ID!) {\n    deliverShipment(shipmentId: $shipmentId) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleDeliverShipment($shipmentId: ID!) {\n    deliverShipment(shipmentId: $shipmentId) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCancelShipment($shipmentId: ID!) {\n    cancelShipment(shipmentId: $shipmentId) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleCancelShipment($shipmentId: ID!) {\n    cancelShipment(shipmentId: $shipmentId) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCancelOrder($orderId: ID!, $reason: String!) {\n    cancelOrder(orderId: $orderId, reason: $reason) {\n      id\n      status\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleCancelOrder($orderId: ID!, $reason: String!) {\n    cancelOrder(orderId: $orderId, reason: $reason) {\n      id\n      status\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCapturePayment($paymentId: ID!, $amount: MoneyInput!) {\n    capturePayment(paymentId: $paymentId, amount: $amount) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleCapturePayment($paymentId: ID!, $amount: MoneyInput!) {\n    capturePayment(paymentId: $paymentId, amount: $amount) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRefundPayment($paymentId: ID!, $amount: MoneyInput!, $reason: String!) {\n    refundPayment(paymentId: $paymentId, amount: $amount, reason: $reason) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleRefundPayment($paymentId: ID!, $amount: MoneyInput!, $reason: String!) {\n    refundPayment(paymentId: $paymentId, amount: $amount, reason: $reason) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleVoidPayment($paymentId: ID!) {\n    voidPayment(paymentId: $paymentId) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleVoidPayment($paymentId: ID!) {\n    voidPayment(paymentId: $paymentId) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BackOfficePayments($first: Int!, $after: String, $status: PaymentStatus, $from: DateTime, $to: DateTime) {\n    payments(first: $first, after: $after, status: $status, from: $from, to: $to) {\n      edges {\n        cursor\n        node {\n          id\n          orderId\n          status\n          createdAt\n          amount {\n            amount\n            currency\n          }\n          amountCaptured {\n            amount\n            currency\n          }\n          amountRefunded {\n            amount\n            currency\n          }\n          declineCode\n          bank\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"): (typeof documents)["\n  query BackOfficePayments($first: Int!, $after: String, $status: PaymentStatus, $from: DateTime, $to: DateTime) {\n    payments(first: $first, after: $after, status: $status, from: $from, to: $to) {\n      edges {\n        cursor\n        node {\n          id\n          orderId\n          status\n          createdAt\n          amount {\n            amount\n            currency\n          }\n          amountCaptured {\n            amount\n            currency\n          }\n          amountRefunded {\n            amount\n            currency\n          }\n          declineCode\n          bank\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BackOfficePaymentDeclines($from: DateTime!, $to: DateTime!) {\n    paymentDeclines(from: $from, to: $to) {\n      day\n      declineCode\n      bank\n      count\n      amount {\n        amount\n        currency\n      }\n    }\n  }\n"): (typeof documents)["\n  query BackOfficePaymentDeclines($from: DateTime!, $to: DateTime!) {\n    paymentDeclines(from: $from, to: $to) {\n      day\n      declineCode\n      bank\n      count\n      amount {\n        amount\n        currency\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BackOfficeStaffAccounts {\n    staffAccounts {\n      id\n      name\n      email\n      role\n      createdAt\n      disabled\n    }\n  }\n"): (typeof documents)["\n  query BackOfficeStaffAccounts {\n    staffAccounts {\n      id\n      name\n      email\n      role\n      createdAt\n      disabled\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BackOfficeCreateStaffAccount($email: String!, $password: String!, $name: String!, $role: Role!) {\n    createStaffAccount(email: $email, password: $password, name: $name, role: $role) {\n      id\n      name\n      email\n      role\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  mutation BackOfficeCreateStaffAccount($email: String!, $password: String!, $name: String!, $role: Role!) {\n    createStaffAccount(email: $email, password: $password, name: $name, role: $role) {\n      id\n      name\n      email\n      role\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BackOfficeDisableAccount($userId: ID!) {\n    disableAccount(userId: $userId) {\n      id\n      disabled\n    }\n  }\n"): (typeof documents)["\n  mutation BackOfficeDisableAccount($userId: ID!) {\n    disableAccount(userId: $userId) {\n      id\n      disabled\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BackOfficeEnableAccount($userId: ID!) {\n    enableAccount(userId: $userId) {\n      id\n      disabled\n    }\n  }\n"): (typeof documents)["\n  mutation BackOfficeEnableAccount($userId: ID!) {\n    enableAccount(userId: $userId) {\n      id\n      disabled\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddOrderItem($orderId: ID!, $variantId: ID!, $quantity: Int!) {\n    addOrderItem(orderId: $orderId, variantId: $variantId, quantity: $quantity) {\n      ...OrderFields\n    }\n  }\n"): (typeof documents)["\n  mutation AddOrderItem($orderId: ID!, $variantId: ID!, $quantity: Int!) {\n    addOrderItem(orderId: $orderId, variantId: $variantId, quantity: $quantity) {\n      ...OrderFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CatalogFilterOptions {\n    brands {\n      id\n      name\n    }\n    categories {\n      id\n      name\n      parentId\n    }\n  }\n"): (typeof documents)["\n  query CatalogFilterOptions {\n    brands {\n      id\n      name\n    }\n    categories {\n      id\n      name\n      parentId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CatalogProduct on Product {\n    id\n    name\n    description\n    variants {\n      id\n      sku\n      name\n      price {\n        amount\n        currency\n      }\n      available\n    }\n  }\n"): (typeof documents)["\n  fragment CatalogProduct on Product {\n    id\n    name\n    description\n    variants {\n      id\n      sku\n      name\n      price {\n        amount\n        currency\n      }\n      available\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CatalogProducts($search: String, $brandIds: [ID!], $categoryIds: [ID!], $first: Int!, $after: String) {\n    products(search: $search, brandIds: $brandIds, categoryIds: $categoryIds, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...CatalogProduct\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"): (typeof documents)["\n  query CatalogProducts($search: String, $brandIds: [ID!], $categoryIds: [ID!], $first: Int!, $after: String) {\n    products(search: $search, brandIds: $brandIds, categoryIds: $categoryIds, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...CatalogProduct\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelOrder($orderId: ID!, $reason: String!) {\n    cancelOrder(orderId: $orderId, reason: $reason) {\n      ...OrderFields\n    }\n  }\n"): (typeof documents)["\n  mutation CancelOrder($orderId: ID!, $reason: String!) {\n    cancelOrder(orderId: $orderId, reason: $reason) {\n      ...OrderFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CheckoutOrder($orderId: ID!, $token: String!, $idempotencyKey: String!) {\n    checkoutOrder(orderId: $orderId, payment: { token: $token }, idempotencyKey: $idempotencyKey) {\n      ...OrderFields\n    }\n  }\n"): (typeof documents)["\n  mutation CheckoutOrder($orderId: ID!, $token: String!, $idempotencyKey: String!) {\n    checkoutOrder(orderId: $orderId, payment: { token: $token }, idempotencyKey: $idempotencyKey) {\n      ...OrderFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangeOrderItemQuantity($orderId: ID!, $variantId: ID!, $quantity: Int!) {\n    changeOrderItemQuantity(orderId: $orderId, variantId: $variantId, quantity: $quantity) {\n      ...OrderFields\n    }\n  }\n"): (typeof documents)["\n  mutation ChangeOrderItemQuantity($orderId: ID!, $variantId: ID!, $quantity: Int!) {\n    changeOrderItemQuantity(orderId: $orderId, variantId: $variantId, quantity: $quantity) {\n      ...OrderFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveOrderItem($orderId: ID!, $variantId: ID!) {\n    removeOrderItem(orderId: $orderId, variantId: $variantId) {\n      ...OrderFields\n    }\n  }\n"): (typeof documents)["\n  mutation RemoveOrderItem($orderId: ID!, $variantId: ID!) {\n    removeOrderItem(orderId: $orderId, variantId: $variantId) {\n      ...OrderFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RecentOrders($first: Int!, $after: String, $status: OrderStatus) {\n    orders(first: $first, after: $after, status: $status) {\n      edges {\n        cursor\n        node {\n          ...OrderSummary\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"): (typeof documents)["\n  query RecentOrders($first: Int!, $after: String, $status: OrderStatus) {\n    orders(first: $first, after: $after, status: $status) {\n      edges {\n        cursor\n        node {\n          ...OrderSummary\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OrderSummary on Order {\n    id\n    status\n    version\n    updatedAt\n    items {\n      variantId\n      quantity\n    }\n    total {\n      amount\n      currency\n    }\n  }\n"): (typeof documents)["\n  fragment OrderSummary on Order {\n    id\n    status\n    version\n    updatedAt\n    items {\n      variantId\n      quantity\n    }\n    total {\n      amount\n      currency\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OrderFields on Order {\n    id\n    status\n    version\n    createdAt\n    updatedAt\n    items {\n      variantId\n      sku\n      productName\n      variantName\n      quantity\n      unitPrice {\n        amount\n        currency\n      }\n      lineTotal {\n        amount\n        currency\n      }\n    }\n    total {\n      amount\n      currency\n    }\n    checkout {\n      status\n      failureReason\n      outOfStockSkus\n      declineCode\n      attempts\n    }\n    payment {\n      id\n      status\n      amountAuthorized {\n        amount\n        currency\n      }\n      amountCaptured {\n        amount\n        currency\n      }\n      amountRefunded {\n        amount\n        currency\n      }\n    }\n    shipments {\n      id\n      status\n      carrier\n      trackingNumber\n      shippedAt\n      deliveredAt\n      lines {\n        variantId\n        sku\n        quantity\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment OrderFields on Order {\n    id\n    status\n    version\n    createdAt\n    updatedAt\n    items {\n      variantId\n      sku\n      productName\n      variantName\n      quantity\n      unitPrice {\n        amount\n        currency\n      }\n      lineTotal {\n        amount\n        currency\n      }\n    }\n    total {\n      amount\n      currency\n    }\n    checkout {\n      status\n      failureReason\n      outOfStockSkus\n      declineCode\n      attempts\n    }\n    payment {\n      id\n      status\n      amountAuthorized {\n        amount\n        currency\n      }\n      amountCaptured {\n        amount\n        currency\n      }\n      amountRefunded {\n        amount\n        currency\n      }\n    }\n    shipments {\n      id\n      status\n      carrier\n      trackingNumber\n      shippedAt\n      deliveredAt\n      lines {\n        variantId\n        sku\n        quantity\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartOrder {\n    createOrder {\n      ...OrderFields\n    }\n  }\n"): (typeof documents)["\n  mutation StartOrder {\n    createOrder {\n      ...OrderFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription OrderUpdated($orderId: ID!, $after: Int) {\n    orderUpdated(orderId: $orderId, after: $after) {\n      ...OrderFields\n      position\n    }\n  }\n"): (typeof documents)["\n  subscription OrderUpdated($orderId: ID!, $after: Int) {\n    orderUpdated(orderId: $orderId, after: $after) {\n      ...OrderFields\n      position\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription OrdersChanged {\n    ordersChanged {\n      ...OrderSummary\n    }\n  }\n"): (typeof documents)["\n  subscription OrdersChanged {\n    ordersChanged {\n      ...OrderSummary\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Order($id: ID!) {\n    order(id: $id) {\n      ...OrderFields\n    }\n  }\n"): (typeof documents)["\n  query Order($id: ID!) {\n    order(id: $id) {\n      ...OrderFields\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;