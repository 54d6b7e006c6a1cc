import { useSubscription } from '@apollo/client/react';
import type { BackOfficeStockLevelFragment } from '../../gql/graphql';
import { StockLevelChangedSubscription } from './inventory-operations';
import { isLowStock } from './low-stock';

/**
 * One SKU's line. Stock levels have no id for the cache to merge pushes by, so the row shows the
 * latest push of its own subscription once one arrived (pushes come after the change is committed,
 * so a push is never older than the listing it follows).
 */
export function StockRow({
  level: listed,
  lowStockAt,
  selected,
  onSelect,
}: {
  level: BackOfficeStockLevelFragment;
  lowStockAt: number;
  selected: boolean;
  onSelect: () => void;
}) {
  const { data } = useSubscription(StockLevelChangedSubscription, { variables: { sku: listed.sku } });
  const level = data?.stockLevelChanged ?? listed;
  const low = isLowStock(level.available, lowStockAt);

  return (
    <tr data-sku={level.sku} data-low-stock={low ? 'true' : 'false'} className={`${selected ? 'selected ' : ''}${low ? 'low-stock' : ''}`}>
      <th scope="row">
        <span className="sku">{level.sku}</span> {low && <span className="low-stock-tag">Low</span>}
      </th>
      <td className="numeric" data-field="onHand">
        {level.onHand}
      </td>
      <td className="numeric" data-field="reserved">
        {level.reserved}
      </td>
      <td className="numeric" data-field="available">
        {level.available}
      </td>
      <td>
        <ul className="per-warehouse">
          {level.warehouses.map((w) => (
            <li key={w.warehouse.id} data-warehouse={w.warehouse.code}>
              <span className="sku">{w.warehouse.code}</span> {w.available} / {w.onHand}
            </li>
          ))}
        </ul>
      </td>
      <td>
        <button type="button" className="link-button" aria-pressed={selected} onClick={onSelect} aria-label={`Movements of ${level.sku}`}>
          Movements
        </button>
      </td>
    </tr>
  );
}
