import { useState, type FormEvent } from 'react';
import { useMutation } from '@apollo/client/react';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { CreateProductMutation } from './catalog-operations';

/** A new product starts as a draft; the editor opens on it to add variants. */
export function NewProductForm({ onCreated }: { onCreated: (productId: string) => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [createProduct, { loading, error, reset }] = useMutation(CreateProductMutation, { refetchQueries: ['BackOfficeCatalogProducts'] });

  function submit(event: FormEvent) {
    event.preventDefault();
    reset();
    createProduct({ variables: { input: { name: name.trim(), description: description.trim() } } })
      .then((result) => {
        if (!result.data) return;
        setName('');
        setDescription('');
        onCreated(result.data.createProduct.id);
      })
      .catch(() => {});
  }

  return (
    <section aria-labelledby="new-product-heading" className="bo-panel">
      <h2 id="new-product-heading">New product</h2>
      <form className="bo-form" onSubmit={submit} aria-label="New product">
        <label>
          Name
          <input required value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <label className="grow">
          Description
          <input value={description} onChange={(event) => setDescription(event.target.value)} />
        </label>
        <button type="submit" className="button primary" disabled={loading}>
          {loading ? 'Creating…' : 'Create draft'}
        </button>
      </form>
      {error && <ErrorMessage error={error} onDismiss={reset} />}
    </section>
  );
}
