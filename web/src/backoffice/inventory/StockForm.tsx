import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { AdjustStockMutation, ReceiveStockMutation, WarehousesQuery } from './inventory-operations';

type Mode = 'receive' | 'adjust';

const REFRESH = ['BackOfficeStockLevels', 'BackOfficeStockMovements'];

/**
 * Books a receipt (units in) or an adjustment (a count or damage, with its reason) for a SKU in
 * one warehouse. An adjustment that removes units asks first.
 */
export function StockForm({ sku: selectedSku }: { sku: string | null }) {
  const warehouses = useQuery(WarehousesQuery);
  const [mode, setMode] = useState<Mode>('receive');
  const [sku, setSku] = useState(selectedSku ?? '');
  const [warehouseId, setWarehouseId] = useState('');
  const [quantity, setQuantity] = useState('');
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [receiveStock, receive] = useMutation(ReceiveStockMutation, { refetchQueries: REFRESH });
  const [adjustStock, adjust] = useMutation(AdjustStockMutation, { refetchQueries: REFRESH });
  const error = mode === 'receive' ? receive.error : adjust.error;
  const busy = receive.loading || adjust.loading;

  useEffect(() => {
    if (selectedSku) setSku(selectedSku);
  }, [selectedSku]);
  const list = warehouses.data?.warehouses ?? [];
  const chosenWarehouse = warehouseId || list[0]?.id || '';
  const warehouseCode = list.find((w) => w.id === chosenWarehouse)?.code ?? '';
  const amount = Number(quantity);

  function reset() {
    receive.reset();
    adjust.reset();
    setDone(null);
  }

  async function book() {
    setConfirming(false);
    const trimmed = sku.trim();
    if (mode === 'receive') {
      const result = await receiveStock({ variables: { input: { sku: trimmed, warehouseId: chosenWarehouse, quantity: amount } } });
      if (result.data) setDone(`Received ${amount} × ${trimmed} into ${warehouseCode}: ${result.data.receiveStock.available} available in all.`);
    } else {
      const result = await adjustStock({ variables: { input: { sku: trimmed, warehouseId: chosenWarehouse, quantityChange: amount, reason: reason.trim() } } });
      if (result.data) setDone(`Adjusted ${trimmed} in ${warehouseCode} by ${amount > 0 ? '+' : ''}${amount}: ${result.data.adjustStock.available} available in all.`);
    }
    setQuantity('');
    setReason('');
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    reset();
    // Removing units cannot be undone by the same click: ask first.
    if (mode === 'adjust' && amount < 0) setConfirming(true);
    else book().catch(() => {});
  }

  return (
    <section aria-labelledby="stock-form-heading" className="bo-panel">
      <h2 id="stock-form-heading">Receive or adjust stock</h2>
      {warehouses.error && <ErrorMessage error={warehouses.error} />}
      {warehouses.data && list.length === 0 && <p className="muted">Create a warehouse first (below).</p>}
      <form className="bo-form" onSubmit={submit} aria-label="Receive or adjust stock">
        <fieldset>
          <legend className="bo-visually-hidden">What to book</legend>
          <label className="inline-choice">
            <input type="radio" name="stock-mode" checked={mode === 'receive'} onChange={() => (setMode('receive'), reset())} /> Receive
          </label>
          <label className="inline-choice">
            <input type="radio" name="stock-mode" checked={mode === 'adjust'} onChange={() => (setMode('adjust'), reset())} /> Adjust
          </label>
        </fieldset>
        <label>
          SKU
          <input required value={sku} onChange={(event) => setSku(event.target.value)} autoCapitalize="characters" />
        </label>
        <label>
          Warehouse
          <select required value={chosenWarehouse} onChange={(event) => setWarehouseId(event.target.value)}>
            {list.map((w) => (
              <option key={w.id} value={w.id}>
                {w.code} – {w.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {mode === 'receive' ? 'Units received' : 'Change (+ found, − lost)'}
          <input required type="number" step={1} min={mode === 'receive' ? 1 : undefined} value={quantity} onChange={(event) => setQuantity(event.target.value)} />
        </label>
        {mode === 'adjust' && (
          <label>
            Reason
            <input required value={reason} onChange={(event) => setReason(event.target.value)} placeholder="e.g. stock count, damaged" />
          </label>
        )}
        <button type="submit" className="button primary" disabled={busy || !chosenWarehouse || confirming}>
          {busy ? 'Saving…' : mode === 'receive' ? 'Receive stock' : 'Adjust stock'}
        </button>
      </form>
      {confirming && (
        <div className="bo-confirm" role="group" aria-label="Confirm">
          <span>
            Remove {-amount} unit{amount === -1 ? '' : 's'} of {sku.trim()} from {warehouseCode} ({reason.trim() || 'no reason given'})?
          </span>
          <button type="button" className="button primary" onClick={() => book().catch(() => {})}>
            Yes, remove
          </button>
          <button type="button" className="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      )}
      {done && (
        <p role="status" className="bo-success">
          {done}
        </p>
      )}
      {error && <ErrorMessage error={error} onDismiss={reset} />}
    </section>
  );
}
