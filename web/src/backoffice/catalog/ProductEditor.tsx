import { useMutation, useQuery } from '@apollo/client/react';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { ConfirmButton } from '../ConfirmButton';
import { AddVariantForm } from './AddVariantForm';
import { ArchiveProductMutation, EditorProductQuery, PublishProductMutation } from './catalog-operations';
import { ProductClassification } from './ProductClassification';
import { ProductStatusBadge } from './ProductStatusBadge';
import { VariantPriceForm } from './VariantPriceForm';

/** One product, any status: its variants and prices, brand and categories, publishing and archiving. */
export function ProductEditor({ productId, onClose }: { productId: string; onClose: () => void }) {
  const { data, error, loading } = useQuery(EditorProductQuery, { variables: { id: productId }, fetchPolicy: 'cache-and-network' });
  // Both change the product's status, which the products table shows too (same cache entry).
  const [publish, published] = useMutation(PublishProductMutation);
  const [archive, archived] = useMutation(ArchiveProductMutation);
  const product = data?.product;
  const actionError = published.error ?? archived.error;

  if (error && !product) return <ErrorMessage error={error} />;
  if (loading && !product) return <p aria-busy="true">Loading the product…</p>;
  if (!product) return <p className="muted">That product does not exist.</p>;
  const editable = product.status !== 'ARCHIVED';

  function resetActions() {
    published.reset();
    archived.reset();
  }

  return (
    <section aria-labelledby="editor-heading" className="bo-panel product-editor" data-product-id={product.id}>
      <div className="editor-head">
        <h2 id="editor-heading">{product.name}</h2>
        <ProductStatusBadge status={product.status} />
        <button type="button" className="link-button" onClick={onClose}>
          Close
        </button>
      </div>
      {product.description && <p className="muted">{product.description}</p>}

      <div className="editor-actions">
        {product.status === 'DRAFT' && (
          <button
            type="button"
            className="button primary"
            disabled={published.loading}
            onClick={() => {
              resetActions();
              publish({ variables: { id: product.id } }).catch(() => {});
            }}
          >
            Publish
          </button>
        )}
        {editable && (
          <ConfirmButton
            label="Archive"
            question={`Archive “${product.name}” for good? It can no longer be ordered or changed.`}
            confirmLabel="Yes, archive"
            disabled={archived.loading}
            onConfirm={() => {
              resetActions();
              archive({ variables: { id: product.id } }).catch(() => {});
            }}
          />
        )}
        {product.status === 'PUBLISHED' && !published.error && published.data && (
          <p role="status" className="bo-success">
            Published: shoppers see it in the catalog now.
          </p>
        )}
        {product.status === 'ARCHIVED' && <p className="muted">Archived products are final: nothing about them can change.</p>}
      </div>
      {actionError && <ErrorMessage error={actionError} onDismiss={resetActions} />}

      <h3>Variants</h3>
      {product.variants.length === 0 ? (
        <p className="muted">No variants yet: add one before publishing.</p>
      ) : (
        <div className="bo-table-wrap">
          <table className="bo-table" aria-label={`Variants of ${product.name}`}>
            <thead>
              <tr>
                <th scope="col">SKU</th>
                <th scope="col">Name</th>
                <th scope="col">Price</th>
              </tr>
            </thead>
            <tbody>
              {product.variants.map((variant) => (
                <tr key={variant.id} data-sku={variant.sku}>
                  <th scope="row" className="sku">
                    {variant.sku}
                  </th>
                  <td>{variant.name}</td>
                  <td>
                    <VariantPriceForm variant={variant} disabled={!editable} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editable && <AddVariantForm productId={product.id} currency={product.variants[0]?.price.currency ?? 'EUR'} />}
      <ProductClassification product={product} editable={editable} />
    </section>
  );
}
