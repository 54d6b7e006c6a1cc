/**
 * How long a test waits for something asynchronous (a read model, a process manager, a push).
 * Every test database shares one PostgreSQL server, but the log horizon waits only for running
 * appends, so one busy test file no longer holds back the others' projections: a few seconds is
 * ample even on a loaded 2-core machine.
 */
export const EVENTUALLY_MS = 5_000;
