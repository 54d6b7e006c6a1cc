import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { AddStorageLocationMutation, CreateWarehouseMutation, WarehousesQuery } from './inventory-operations';

/** The shop's warehouses with their storage locations; new ones of each. */
export function Warehouses() {
  const { data, error } = useQuery(WarehousesQuery);
  const warehouses = data?.warehouses ?? [];

  return (
    <section aria-labelledby="warehouses-heading" className="bo-panel">
      <h2 id="warehouses-heading">Warehouses</h2>
      {error && <ErrorMessage error={error} />}
      {data && warehouses.length === 0 && <p className="muted">No warehouses yet.</p>}
      {warehouses.length > 0 && (
        <div className="bo-table-wrap">
          <table className="bo-table" aria-label="Warehouses">
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Name</th>
                <th scope="col">Storage locations</th>
              </tr>
            </thead>
            <tbody>
              {warehouses.map((w) => (
                <tr key={w.id} data-warehouse={w.code}>
                  <th scope="row" className="sku">
                    {w.code}
                  </th>
                  <td>{w.name}</td>
                  <td>{w.locations.length ? w.locations.map((l) => `${l.code} (${l.name})`).join(', ') : <span className="muted">none</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CreateWarehouseForm />
      {warehouses.length > 0 && <AddLocationForm warehouses={warehouses} />}
    </section>
  );
}

function CreateWarehouseForm() {
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [createWarehouse, { loading, error, reset, data }] = useMutation(CreateWarehouseMutation, { refetchQueries: ['BackOfficeWarehouses'] });

  function submit(event: FormEvent) {
    event.preventDefault();
    reset();
    createWarehouse({ variables: { input: { code: code.trim(), name: name.trim() } } })
      .then((result) => {
        if (result.data) {
          setCode('');
          setName('');
        }
      })
      .catch(() => {});
  }

  return (
    <>
      <h3>New warehouse</h3>
      <form className="bo-form" onSubmit={submit} aria-label="New warehouse">
        <label>
          Code
          <input required value={code} onChange={(event) => setCode(event.target.value)} placeholder="e.g. MUC-1" maxLength={32} />
        </label>
        <label>
          Name
          <input required value={name} onChange={(event) => setName(event.target.value)} placeholder="e.g. Munich" />
        </label>
        <button type="submit" className="button primary" disabled={loading}>
          {loading ? 'Creating…' : 'Create warehouse'}
        </button>
      </form>
      {data && !error && (
        <p role="status" className="bo-success">
          Warehouse {data.createWarehouse.code} created.
        </p>
      )}
      {error && <ErrorMessage error={error} onDismiss={reset} />}
    </>
  );
}

function AddLocationForm({ warehouses }: { warehouses: { id: string; code: string }[] }) {
  const [warehouseId, setWarehouseId] = useState('');
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [addLocation, { loading, error, reset, data }] = useMutation(AddStorageLocationMutation);
  const chosen = warehouseId || warehouses[0]?.id || '';

  function submit(event: FormEvent) {
    event.preventDefault();
    reset();
    addLocation({ variables: { warehouseId: chosen, input: { code: code.trim(), name: name.trim() } } })
      .then((result) => {
        if (result.data) {
          setCode('');
          setName('');
        }
      })
      .catch(() => {});
  }

  return (
    <>
      <h3>New storage location</h3>
      <form className="bo-form" onSubmit={submit} aria-label="New storage location">
        <label>
          In warehouse
          <select value={chosen} onChange={(event) => setWarehouseId(event.target.value)}>
            {warehouses.map((w) => (
              <option key={w.id} value={w.id}>
                {w.code}
              </option>
            ))}
          </select>
        </label>
        <label>
          Code
          <input required value={code} onChange={(event) => setCode(event.target.value)} placeholder="e.g. A-01" />
        </label>
        <label>
          Name
          <input required value={name} onChange={(event) => setName(event.target.value)} placeholder="e.g. Aisle A" />
        </label>
        <button type="submit" className="button primary" disabled={loading}>
          {loading ? 'Adding…' : 'Add location'}
        </button>
      </form>
      {data && !error && (
        <p role="status" className="bo-success">
          Location added to {data.addStorageLocation.code}.
        </p>
      )}
      {error && <ErrorMessage error={error} onDismiss={reset} />}
    </>
  );
}
