import type { ChangePubSub } from '../graphql/pubsub';
import type { ReadModelChange } from '../projector/projection';
import { STOCK_LEVEL_CHANGED } from '../inventory/events';
import { DASHBOARD_CHANGED, DASHBOARD_FIGURES_CHANGED } from './topics';

/** The changes that alter a shop's dashboard: its figures, and any SKU's stock (for the stock alerts). */
const RELAYED = new Set([DASHBOARD_FIGURES_CHANGED, STOCK_LEVEL_CHANGED]);

/**
 * Turns the read-model changes of a shop into `DASHBOARD_CHANGED` for that shop, at most once per
 * tick: a storm of checkouts changes stock hundreds of times a second, and every push makes each
 * subscribed dashboard read its figures again. Each push is published after the changes it covers
 * were committed (they arrive here after their commit), so a read then sees them.
 */
export class DashboardRelay {
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly pubSub: ChangePubSub,
    private readonly tickMs = 200,
  ) {}

  offer(change: ReadModelChange): void {
    if (!RELAYED.has(change.topic) || this.pending.has(change.tenantId)) return;
    const tenantId = change.tenantId;
    // No dashboard open in this process for the shop: nothing to push.
    if (this.pubSub.listenerCount(DASHBOARD_CHANGED, tenantId) === 0) return;
    const timer = setTimeout(() => {
      this.pending.delete(tenantId);
      this.pubSub.publish(DASHBOARD_CHANGED, tenantId, { topic: DASHBOARD_CHANGED, id: tenantId, tenantId });
    }, this.tickMs);
    timer.unref();
    this.pending.set(tenantId, timer);
  }

  stop(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }
}
