import type { TestApp } from './app';

/** Waits until the projection has passed every event committed so far. */
export async function projectedUpToNow(testApp: TestApp, projection: string): Promise<void> {
  const head = await testApp.app.store.head();
  if (head) await testApp.app.projector.waitFor(projection, head);
}

/** Waits until every projection of the app has passed every event committed so far. */
export async function allProjectedUpToNow(testApp: TestApp): Promise<void> {
  await testApp.app.projector.caughtUpWithLog();
}
