/** Placeholder: being built. */
export function DashboardScreen() {
  return (
    <section>
      <h1>Dashboard</h1>
    </section>
  );
}
