import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCheckpoint, reached } from '../../server/src/projector/checkpoints';
import { startTestApp, type TestApp } from '../support/app';
import { EVENTUALLY_MS } from '../support/eventually';

let testApp: TestApp;

// The backstop poll is off: only LISTEN/NOTIFY and the catch-up after a reconnect can move the projector.
beforeAll(async () => {
  testApp = await startTestApp({ projectorPollMs: 0 });
});
afterAll(() => testApp.stop());

async function eventually(check: () => Promise<boolean>, timeoutMs = EVENTUALLY_MS) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('notification listener', () => {
  it('catches up on events appended while its connection was killed', async () => {
    const { app, database } = testApp;
    const pid = app.listener.backendPid;
    expect(pid).toBeTypeOf('number');

    const { rows } = await database.admin<{ terminated: boolean }>('SELECT pg_terminate_backend($1) AS terminated', [pid]);
    expect(rows[0]!.terminated).toBe(true);
    // Appended while nobody listens: this NOTIFY is lost for good.
    const { orderId, append } = await app.ordering.service.createOrder({ tenantId: 'demo', metadata: { actor: 'test' } });

    await eventually(async () => reached(await readCheckpoint(app.db, 'orders'), append!.checkpoint));
    expect(app.listener.backendPid).not.toBe(pid);
    expect((await app.ordering.queries.byId('demo', orderId))?.status).toBe('DRAFT');

    // And the new connection carries notifications again.
    const next = await app.ordering.service.createOrder({ tenantId: 'demo', metadata: { actor: 'test' } });
    await eventually(async () => reached(await readCheckpoint(app.db, 'orders'), next.append!.checkpoint));
  });
});
