export interface DeclineGroup {
  day: string;
  declineCode: string;
  bank: string;
  count: number;
}

export type StackBy = 'declineCode' | 'bank';

/**
 * One row per day of the range (days without declines too, so gaps show), each with the count of
 * declines per decline code or per bank; `keys` are the codes or banks, in name order.
 */
export function declineChartData(groups: DeclineGroup[], days: string[], stackBy: StackBy) {
  const keys = [...new Set(groups.map((g) => g[stackBy]))].sort();
  const rows = new Map(days.map((day) => [day, { day, ...Object.fromEntries(keys.map((k) => [k, 0])) } as Record<string, string | number>]));
  for (const group of groups) {
    const row = rows.get(group.day);
    if (row) row[group[stackBy]] = (row[group[stackBy]] as number) + group.count;
  }
  return { keys, rows: [...rows.values()] };
}
