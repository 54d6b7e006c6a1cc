import { useState, type FormEvent } from 'react';
import { useMutation } from '@apollo/client/react';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { formatMoney } from '../../shared/format-money';
import { ChangePriceMutation } from './catalog-operations';
import { parseMoney, toMajorText } from './parse-money';

/** A variant's price, changed in place; orders already placed keep the price they were made at. */
export function VariantPriceForm({
  variant,
  disabled,
}: {
  variant: { id: string; sku: string; price: { amount: number; currency: string } };
  disabled: boolean;
}) {
  const { currency } = variant.price;
  const [text, setText] = useState(toMajorText(variant.price.amount, currency));
  const [invalid, setInvalid] = useState(false);
  const [changePrice, { loading, error, reset }] = useMutation(ChangePriceMutation);
  const amount = parseMoney(text, currency);

  function submit(event: FormEvent) {
    event.preventDefault();
    reset();
    if (amount === null) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    changePrice({ variables: { variantId: variant.id, price: { amount, currency } } }).catch(() => {});
  }

  if (disabled) return <>{formatMoney(variant.price)}</>;
  return (
    <form className="bo-form price-form" onSubmit={submit} aria-label={`Price of ${variant.sku}`}>
      <label>
        <span className="bo-visually-hidden">Price of {variant.sku} in</span>
        <span aria-hidden="true">{currency}</span>
        <input inputMode="decimal" size={8} value={text} onChange={(event) => setText(event.target.value)} aria-invalid={invalid} />
      </label>
      <button type="submit" className="button" disabled={loading || amount === variant.price.amount}>
        {loading ? 'Saving…' : 'Save price'}
      </button>
      {invalid && (
        <p role="alert" className="error-detail">
          Enter an amount such as 12.50.
        </p>
      )}
      {error && <ErrorMessage error={error} onDismiss={reset} />}
    </form>
  );
}
