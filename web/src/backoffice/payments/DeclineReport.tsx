import { useState } from 'react';
import { useQuery } from '@apollo/client/react';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { formatMoney } from '../../shared/format-money';
import { DeclineChart } from './DeclineChart';
import type { StackBy } from './decline-chart-data';
import { PaymentDeclinesQuery } from './payments-operations';
import { daysBefore, daysBetween, startOfDay, utcDay } from './utc-days';

const DEFAULT_DAYS = 14;

/** Declined payments grouped by UTC day, decline code and bank: a chart and, beside it, the figures. */
export function DeclineReport() {
  const today = utcDay(new Date());
  const [fromDay, setFromDay] = useState(daysBefore(today, DEFAULT_DAYS - 1));
  const [toDay, setToDay] = useState(today);
  const [stackBy, setStackBy] = useState<StackBy>('declineCode');
  const valid = fromDay !== '' && toDay !== '' && fromDay <= toDay;
  // The API counts both days in: `to` is the start of the last day.
  const { data, error, loading } = useQuery(PaymentDeclinesQuery, {
    variables: { from: startOfDay(fromDay || today), to: startOfDay(toDay || today) },
    skip: !valid,
    fetchPolicy: 'cache-and-network',
  });
  const groups = data?.paymentDeclines ?? [];
  const total = groups.reduce((sum, g) => sum + g.count, 0);

  return (
    <section aria-labelledby="declines-heading" className="bo-panel">
      <h2 id="declines-heading">Declines</h2>
      <form className="bo-toolbar bo-form" aria-label="Decline report range" onSubmit={(event) => event.preventDefault()}>
        <label>
          From (UTC)
          <input type="date" required value={fromDay} max={toDay} onChange={(event) => setFromDay(event.target.value)} />
        </label>
        <label>
          to
          <input type="date" required value={toDay} min={fromDay} onChange={(event) => setToDay(event.target.value)} />
        </label>
        <label>
          Stack bars by
          <select value={stackBy} onChange={(event) => setStackBy(event.target.value as StackBy)}>
            <option value="declineCode">Decline code</option>
            <option value="bank">Bank</option>
          </select>
        </label>
      </form>
      {!valid && <p className="muted">Pick a first day on or before the last day.</p>}
      {error && <ErrorMessage error={error} />}
      {valid && loading && !data && <p aria-busy="true">Loading declines…</p>}
      {valid && data && total === 0 && <p className="muted">No declines between {fromDay} and {toDay}.</p>}
      {valid && data && total > 0 && (
        <div className="decline-report">
          <DeclineChart groups={groups} days={daysBetween(fromDay, toDay)} stackBy={stackBy} />
          <div className="bo-table-wrap">
            <table className="bo-table" aria-label="Declines by day, code and bank">
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  <th scope="col">Decline code</th>
                  <th scope="col">Bank</th>
                  <th scope="col" className="numeric">
                    Count
                  </th>
                  <th scope="col" className="numeric">
                    Amount
                  </th>
                </tr>
              </thead>
              <tbody>
                {groups.map((g) => (
                  <tr key={`${g.day}|${g.declineCode}|${g.bank}|${g.amount.currency}`}>
                    <td>{g.day}</td>
                    <td>{g.declineCode}</td>
                    <td>{g.bank}</td>
                    <td className="numeric">{g.count}</td>
                    <td className="numeric">{formatMoney(g.amount)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={3}>
                    Total
                  </th>
                  <td className="numeric">{total}</td>
                  <td />
                </tr>
              </tfoot>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}
