/** Placeholder: being built. */
export function CatalogEditorScreen() {
  return (
    <section>
      <h1>Catalog editor</h1>
    </section>
  );
}
