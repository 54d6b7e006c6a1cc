/** Placeholder: being built. */
export function OrdersBoardScreen() {
  return (
    <section>
      <h1>Orders board</h1>
    </section>
  );
}
