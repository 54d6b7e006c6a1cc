/** Placeholder: being built. */
export function PaymentsScreen() {
  return (
    <section>
      <h1>Payments</h1>
    </section>
  );
}
