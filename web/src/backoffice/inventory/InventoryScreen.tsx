/** Placeholder: being built. */
export function InventoryScreen() {
  return (
    <section>
      <h1>Inventory</h1>
    </section>
  );
}
