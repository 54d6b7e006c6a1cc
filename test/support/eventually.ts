/**
 * How long a test waits for something asynchronous (a read model, a process manager, a push).
 * Every test database shares one PostgreSQL server, whose snapshot horizon is cluster-wide: a busy
 * test file (the checkout storm) can hold back the others' projections for seconds at a time.
 * Waiting longer costs nothing when things are quick; the per-test limit is 60 s.
 */
export const EVENTUALLY_MS = 45_000;
