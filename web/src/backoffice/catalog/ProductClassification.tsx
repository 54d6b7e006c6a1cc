import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import type { EditorProductFragment } from '../../gql/graphql';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { AddCategoryMutation, RemoveCategoryMutation, SetBrandMutation, TaxonomyQuery } from './catalog-operations';

interface CategoryOption {
  id: string;
  name: string;
  parentId?: string | null;
}

/** Categories in tree order, each named with its path ("Home › Kitchen"), so same-named ones below different parents can be told apart. */
function categoryPaths(categories: CategoryOption[]): { id: string; label: string }[] {
  const byId = new Map(categories.map((c) => [c.id, c]));
  const pathOf = (c: CategoryOption): string => {
    const names = [c.name];
    let parent = c.parentId ? byId.get(c.parentId) : undefined;
    for (let depth = 0; parent && depth < 20; depth++) {
      names.unshift(parent.name);
      parent = parent.parentId ? byId.get(parent.parentId) : undefined;
    }
    return names.join(' › ');
  };
  return categories.map((c) => ({ id: c.id, label: pathOf(c) })).sort((a, b) => a.label.localeCompare(b.label));
}

/** The product's brand (at most one) and its categories (any number). */
export function ProductClassification({ product, editable }: { product: EditorProductFragment; editable: boolean }) {
  const taxonomy = useQuery(TaxonomyQuery);
  const [setBrand, brandResult] = useMutation(SetBrandMutation);
  const [addCategory, addResult] = useMutation(AddCategoryMutation);
  const [removeCategory, removeResult] = useMutation(RemoveCategoryMutation);
  const [categoryId, setCategoryId] = useState('');
  const error = brandResult.error ?? addResult.error ?? removeResult.error;
  const busy = brandResult.loading || addResult.loading || removeResult.loading;

  function reset() {
    brandResult.reset();
    addResult.reset();
    removeResult.reset();
  }

  const brands = taxonomy.data?.brands ?? [];
  const categories = categoryPaths(taxonomy.data?.categories ?? []);
  const labelOf = (id: string) => categories.find((c) => c.id === id)?.label;
  const unassigned = categories.filter((c) => !product.categories.some((own) => own.id === c.id));
  const chosenCategory = categoryId && unassigned.some((c) => c.id === categoryId) ? categoryId : (unassigned[0]?.id ?? '');

  return (
    <div className="classification">
      <h3>Brand and categories</h3>
      {taxonomy.error && <ErrorMessage error={taxonomy.error} />}
      <div className="bo-form">
        <label>
          Brand
          <select
            value={product.brand?.id ?? ''}
            disabled={!editable || busy}
            onChange={(event) => {
              reset();
              setBrand({ variables: { productId: product.id, brandId: event.target.value || null } }).catch(() => {});
            }}
          >
            <option value="">No brand</option>
            {brands.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ul className="category-chips" aria-label={`Categories of ${product.name}`}>
        {product.categories.length === 0 && <li className="muted">In no category.</li>}
        {product.categories.map((c) => (
          <li key={c.id}>
            {labelOf(c.id) ?? c.name}
            {editable && (
              <button
                type="button"
                className="link-button"
                disabled={busy}
                aria-label={`Remove from ${c.name}`}
                onClick={() => {
                  reset();
                  removeCategory({ variables: { productId: product.id, categoryId: c.id } }).catch(() => {});
                }}
              >
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      {editable && unassigned.length > 0 && (
        <form
          className="bo-form"
          aria-label="Add to a category"
          onSubmit={(event) => {
            event.preventDefault();
            reset();
            addCategory({ variables: { productId: product.id, categoryId: chosenCategory } }).catch(() => {});
          }}
        >
          <label>
            Category
            <select value={chosenCategory} onChange={(event) => setCategoryId(event.target.value)}>
              {unassigned.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button" disabled={busy || !chosenCategory}>
            Add to category
          </button>
        </form>
      )}
      {error && <ErrorMessage error={error} onDismiss={reset} />}
    </div>
  );
}
