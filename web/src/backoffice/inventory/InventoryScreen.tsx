import { useState } from 'react';
import '../bo-screens.css';
import './inventory.css';
import { usePageTitle } from '../../app/use-page-title';
import { DEFAULT_LOW_STOCK_AT } from './low-stock';
import { StockForm } from './StockForm';
import { StockMovements } from './StockMovements';
import { StockTable } from './StockTable';
import { Warehouses } from './Warehouses';

/** Stock per SKU and warehouse (live), receipts and adjustments, a SKU's movements, warehouses and their locations. */
export function InventoryScreen() {
  usePageTitle('Inventory · Back office');
  const [selectedSku, setSelectedSku] = useState<string | null>(null);
  const [lowStockAt, setLowStockAt] = useState(DEFAULT_LOW_STOCK_AT);

  return (
    <div className="bo-screen inventory-screen">
      <h1>Inventory</h1>
      <StockTable lowStockAt={lowStockAt} onLowStockAtChange={setLowStockAt} selectedSku={selectedSku} onSelect={setSelectedSku} />
      <StockForm sku={selectedSku} />
      {selectedSku && <StockMovements key={selectedSku} sku={selectedSku} onClose={() => setSelectedSku(null)} />}
      <Warehouses />
    </div>
  );
}
