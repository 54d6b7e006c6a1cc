/** − quantity + ; the server rejects quantities below 1, so removing is a separate action. */
export function QuantityStepper({
  quantity,
  itemName,
  disabled,
  onChange,
}: {
  quantity: number;
  itemName: string;
  disabled: boolean;
  onChange: (quantity: number) => void;
}) {
  return (
    <div className="stepper" role="group" aria-label={`Quantity of ${itemName}`}>
      <button type="button" aria-label={`Decrease quantity of ${itemName}`} disabled={disabled || quantity <= 1} onClick={() => onChange(quantity - 1)}>
        −
      </button>
      <output aria-live="polite" aria-label={`Quantity of ${itemName}`}>
        {quantity}
      </output>
      <button type="button" aria-label={`Increase quantity of ${itemName}`} disabled={disabled} onClick={() => onChange(quantity + 1)}>
        +
      </button>
    </div>
  );
}
