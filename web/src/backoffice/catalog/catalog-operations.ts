import { graphql } from '../../gql';

export const EditorProductFields = graphql(`
  fragment EditorProduct on Product {
    id
    name
    description
    status
    version
    updatedAt
    variants {
      id
      sku
      name
      price {
        amount
        currency
      }
    }
    brand {
      id
      name
    }
    categories {
      id
      name
    }
  }
`);

export const CatalogProductsQuery = graphql(`
  query BackOfficeCatalogProducts($first: Int!, $after: String, $status: ProductStatus, $search: String) {
    catalogProducts(first: $first, after: $after, status: $status, search: $search) {
      edges {
        cursor
        node {
          ...EditorProduct
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);

export const EditorProductQuery = graphql(`
  query BackOfficeProduct($id: ID!) {
    product(id: $id) {
      ...EditorProduct
    }
  }
`);

export const TaxonomyQuery = graphql(`
  query BackOfficeTaxonomy {
    brands {
      id
      name
    }
    categories {
      id
      name
      parentId
    }
  }
`);

export const CreateProductMutation = graphql(`
  mutation BackOfficeCreateProduct($input: CreateProductInput!) {
    createProduct(input: $input) {
      ...EditorProduct
    }
  }
`);

export const AddVariantMutation = graphql(`
  mutation BackOfficeAddVariant($productId: ID!, $input: AddProductVariantInput!) {
    addProductVariant(productId: $productId, input: $input) {
      ...EditorProduct
    }
  }
`);

export const ChangePriceMutation = graphql(`
  mutation BackOfficeChangePrice($variantId: ID!, $price: MoneyInput!) {
    changeVariantPrice(variantId: $variantId, price: $price) {
      ...EditorProduct
    }
  }
`);

export const PublishProductMutation = graphql(`
  mutation BackOfficePublishProduct($id: ID!) {
    publishProduct(id: $id) {
      ...EditorProduct
    }
  }
`);

export const ArchiveProductMutation = graphql(`
  mutation BackOfficeArchiveProduct($id: ID!) {
    archiveProduct(id: $id) {
      ...EditorProduct
    }
  }
`);

export const SetBrandMutation = graphql(`
  mutation BackOfficeSetProductBrand($productId: ID!, $brandId: ID) {
    setProductBrand(productId: $productId, brandId: $brandId) {
      ...EditorProduct
    }
  }
`);

export const AddCategoryMutation = graphql(`
  mutation BackOfficeAddProductCategory($productId: ID!, $categoryId: ID!) {
    addProductCategory(productId: $productId, categoryId: $categoryId) {
      ...EditorProduct
    }
  }
`);

export const RemoveCategoryMutation = graphql(`
  mutation BackOfficeRemoveProductCategory($productId: ID!, $categoryId: ID!) {
    removeProductCategory(productId: $productId, categoryId: $categoryId) {
      ...EditorProduct
    }
  }
`);
