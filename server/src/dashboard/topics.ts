/** The dashboard projection committed new figures for a shop (change id: the shop). */
export const DASHBOARD_FIGURES_CHANGED = 'DASHBOARD_FIGURES_CHANGED';

/**
 * What `dashboardChanged` listens to (id: the shop): the relay publishes it, at most once per
 * tick, when the shop's figures or any of its stock levels changed.
 */
export const DASHBOARD_CHANGED = 'DASHBOARD_CHANGED';
