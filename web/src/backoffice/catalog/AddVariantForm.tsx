import { useState, type FormEvent } from 'react';
import { useMutation } from '@apollo/client/react';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { AddVariantMutation } from './catalog-operations';
import { parseMoney } from './parse-money';

/** A new variant: its SKU (unique in the shop), name and price. */
export function AddVariantForm({ productId, currency: defaultCurrency }: { productId: string; currency: string }) {
  const [sku, setSku] = useState('');
  const [name, setName] = useState('');
  const [price, setPrice] = useState('');
  const [currency, setCurrency] = useState(defaultCurrency);
  const [invalid, setInvalid] = useState(false);
  const [addVariant, { loading, error, reset }] = useMutation(AddVariantMutation, { refetchQueries: ['BackOfficeCatalogProducts'] });

  function submit(event: FormEvent) {
    event.preventDefault();
    reset();
    const code = currency.trim().toUpperCase();
    const amount = parseMoney(price, code);
    setInvalid(amount === null);
    if (amount === null) return;
    addVariant({ variables: { productId, input: { sku: sku.trim(), name: name.trim(), price: { amount, currency: code } } } })
      .then((result) => {
        if (!result.data) return;
        setSku('');
        setName('');
        setPrice('');
      })
      .catch(() => {});
  }

  return (
    <>
      <h3>Add a variant</h3>
      <form className="bo-form" onSubmit={submit} aria-label="Add a variant">
        <label>
          SKU
          <input required value={sku} onChange={(event) => setSku(event.target.value)} maxLength={64} />
        </label>
        <label>
          Variant name
          <input required value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <label>
          Price
          <input required inputMode="decimal" size={8} value={price} onChange={(event) => setPrice(event.target.value)} placeholder="12.50" aria-invalid={invalid} />
        </label>
        <label>
          Currency
          <input required size={4} maxLength={3} value={currency} onChange={(event) => setCurrency(event.target.value)} />
        </label>
        <button type="submit" className="button primary" disabled={loading}>
          {loading ? 'Adding…' : 'Add variant'}
        </button>
      </form>
      {invalid && (
        <p role="alert" className="error-detail">
          Enter the price as an amount such as 12.50.
        </p>
      )}
      {error && <ErrorMessage error={error} onDismiss={reset} />}
    </>
  );
}
