/** Placeholder: being built. */
export function StaffScreen() {
  return (
    <section>
      <h1>Staff accounts</h1>
    </section>
  );
}
