import type { Knex } from 'knex';
import { withTenant } from '../db/tenant-scope';
import { BadUserInputError } from '../shared/errors';
import type { Money } from '../shared/money';
import { utcDay } from './decline-report-projection';

export interface DeclineGroupView {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  declineCode: string;
  bank: string;
  count: number;
  amount: Money;
}

export interface DeclineReportFilter {
  from: Date;
  to: Date;
  code?: string;
  bank?: string;
}

/** The report covers whole days; a longer span is refused to keep the answer small. */
export const MAX_DECLINE_REPORT_DAYS = 366;
const DAY_MS = 24 * 60 * 60 * 1000;

export class DeclineReportQueries {
  constructor(private readonly db: Knex) {}

  /** Groups of the UTC days from `from`'s day to `to`'s day, both included; oldest day first. */
  async groups(tenantId: string, filter: DeclineReportFilter): Promise<DeclineGroupView[]> {
    const from = utcDay(filter.from);
    const to = utcDay(filter.to);
    if (from > to) throw new BadUserInputError('from must not be after to', { field: 'from' });
    if ((Date.parse(to) - Date.parse(from)) / DAY_MS >= MAX_DECLINE_REPORT_DAYS) {
      throw new BadUserInputError(`The decline report spans at most ${MAX_DECLINE_REPORT_DAYS} days`, { field: 'to' });
    }
    const rows: { day: string; decline_code: string; bank: string; currency: string; count: number; total_amount: number }[] = await withTenant(this.db, tenantId, (trx) => {
      const query = trx('payment_declines_daily')
        .select(trx.raw(`to_char(day, 'YYYY-MM-DD') AS day`), 'decline_code', 'bank', 'currency', 'count', 'total_amount')
        .where({ tenant_id: tenantId })
        .whereBetween('day', [from, to])
        .orderBy([{ column: 'day' }, { column: 'decline_code' }, { column: 'bank' }, { column: 'currency' }]);
      if (filter.code) query.where('decline_code', filter.code);
      if (filter.bank) query.where('bank', filter.bank);
      return query;
    });
    return rows.map((r) => ({
      day: r.day,
      declineCode: r.decline_code,
      bank: r.bank,
      count: Number(r.count),
      amount: { amount: Number(r.total_amount), currency: r.currency },
    }));
  }
}
