import { useState } from 'react';
import '../bo-screens.css';
import './catalog-editor.css';
import { useScreenTitle } from '../screen-title';
import { NewProductForm } from './NewProductForm';
import { ProductEditor } from './ProductEditor';
import { ProductTable } from './ProductTable';

/** Admins: every product in any status; create one, give it variants and prices, a brand and categories, publish and archive it. */
export function CatalogEditorScreen() {
  useScreenTitle('Catalog editor');
  const [selectedId, setSelectedId] = useState<string | null>(null);

  return (
    <div className="bo-screen catalog-editor">
      <h1>Catalog editor</h1>
      <NewProductForm onCreated={setSelectedId} />
      {selectedId && <ProductEditor key={selectedId} productId={selectedId} onClose={() => setSelectedId(null)} />}
      <ProductTable selectedId={selectedId} onSelect={setSelectedId} />
    </div>
  );
}
