import type { BoardOrderRowFragment, OrderStatus } from '../../gql/graphql';
import { ORDER_STATUS_LABELS } from '../../orders/OrderStatusBadge';

/** The board's filters, as kept in the URL's query so a filtered board can be bookmarked and shared. */
export interface BoardFilters {
  status: OrderStatus | null;
  /** Part of the customer's name or email. */
  customer: string;
  /** First day (YYYY-MM-DD, the browser's time zone), inclusive. */
  from: string;
  /** Last day (YYYY-MM-DD), inclusive. */
  to: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

const isStatus = (value: string | null): value is OrderStatus => value !== null && value in ORDER_STATUS_LABELS;

export function filtersFromSearch(search: string): BoardFilters {
  const params = new URLSearchParams(search);
  const status = params.get('status');
  const day = (name: string) => {
    const value = params.get(name) ?? '';
    return DAY.test(value) ? value : '';
  };
  return { status: isStatus(status) ? status : null, customer: (params.get('customer') ?? '').trim(), from: day('from'), to: day('to') };
}

export function searchOfFilters(filters: BoardFilters): string {
  const params = new URLSearchParams();
  if (filters.status) params.set('status', filters.status);
  if (filters.customer.trim()) params.set('customer', filters.customer.trim());
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
  const search = params.toString();
  return search ? `?${search}` : '';
}

/** Local midnight at the start of a YYYY-MM-DD day. */
const startOfDay = (day: string) => new Date(`${day}T00:00:00`);

function dayAfter(day: string): Date {
  const date = startOfDay(day);
  date.setDate(date.getDate() + 1);
  return date;
}

/** The creation-time range the filters mean: from the first day's midnight up to (not including) the midnight after the last. */
export function createdRange(filters: BoardFilters): { createdFrom: Date | null; createdBefore: Date | null } {
  return { createdFrom: filters.from ? startOfDay(filters.from) : null, createdBefore: filters.to ? dayAfter(filters.to) : null };
}

/** The `orders` query's variables for these filters. */
export function queryVariables(filters: BoardFilters) {
  const { createdFrom, createdBefore } = createdRange(filters);
  return {
    status: filters.status,
    customer: filters.customer || null,
    createdFrom: createdFrom?.toISOString() ?? null,
    createdBefore: createdBefore?.toISOString() ?? null,
  };
}

/**
 * Whether a pushed row belongs on the board as filtered: the same test the API applies to the
 * list, so a live row appears or leaves exactly as a reload would show it.
 */
export function matchesFilters(row: BoardOrderRowFragment, filters: BoardFilters): boolean {
  if (filters.status && row.status !== filters.status) return false;
  const search = filters.customer.toLowerCase();
  if (search && !(row.customer && (row.customer.name.toLowerCase().includes(search) || row.customer.email.toLowerCase().includes(search)))) return false;
  const created = new Date(row.createdAt).getTime();
  const { createdFrom, createdBefore } = createdRange(filters);
  if (createdFrom && created < createdFrom.getTime()) return false;
  if (createdBefore && created >= createdBefore.getTime()) return false;
  return true;
}

export const hasFilters = (filters: BoardFilters) => Boolean(filters.status || filters.customer || filters.from || filters.to);
