import { useState } from 'react';
import '../bo-screens.css';
import './catalog-editor.css';
import { usePageTitle } from '../../app/use-page-title';
import { NewProductForm } from './NewProductForm';
import { ProductEditor } from './ProductEditor';
import { ProductTable } from './ProductTable';

/** Admins: every product in any status; create one, give it variants and prices, a brand and categories, publish and archive it. */
export function CatalogEditorScreen() {
  usePageTitle('Catalog editor · Back office');
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
