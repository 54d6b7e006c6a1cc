/** Placeholder: being built. */
export function OrderConsoleScreen({ orderId }: { orderId: string }) {
  return (
    <section>
      <h1>Order {orderId}</h1>
    </section>
  );
}
