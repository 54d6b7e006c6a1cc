import { useState } from 'react';
import { NetworkStatus } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { Link } from '../../app/Link';
import { paths } from '../../app/routes';
import type { PaymentStatus } from '../../gql/graphql';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { formatDateTime } from '../../shared/format-date-time';
import { formatMoney } from '../../shared/format-money';
import { shortId } from '../../shared/short-id';
import { PaymentsQuery } from './payments-operations';
import { endOfDay, startOfDay } from './utc-days';
import { appendPage, LoadMoreButton } from '../LoadMoreButton';

const PAGE_SIZE = 25;
const STATUSES: PaymentStatus[] = ['PENDING', 'AUTHORIZED', 'DECLINED', 'PARTIALLY_CAPTURED', 'CAPTURED', 'PARTIALLY_REFUNDED', 'REFUNDED', 'VOIDED'];
const label = (status: string) => status.charAt(0) + status.slice(1).toLowerCase().replace(/_/g, ' ');

/** Payments, newest first, by status and by the UTC days they were created on (both days included). */
export function PaymentList() {
  const [status, setStatus] = useState<PaymentStatus | ''>('');
  const [fromDay, setFromDay] = useState('');
  const [toDay, setToDay] = useState('');
  const { data, previousData, error, loading, networkStatus, fetchMore } = useQuery(PaymentsQuery, {
    variables: { first: PAGE_SIZE, status: status || null, from: fromDay ? startOfDay(fromDay) : null, to: toDay ? endOfDay(toDay) : null },
    fetchPolicy: 'cache-and-network',
    notifyOnNetworkStatusChange: true,
  });
  // While a changed filter loads, the last list stays up instead of blinking away.
  const connection = (data ?? previousData)?.payments;

  return (
    <section aria-labelledby="payment-list-heading" className="bo-panel">
      <h2 id="payment-list-heading">All payments</h2>
      <form className="bo-toolbar bo-form" aria-label="Filter payments" onSubmit={(event) => event.preventDefault()}>
        <label>
          Status
          <select value={status} onChange={(event) => setStatus(event.target.value as PaymentStatus | '')}>
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {label(s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Created from (UTC)
          <input type="date" value={fromDay} max={toDay || undefined} onChange={(event) => setFromDay(event.target.value)} />
        </label>
        <label>
          to
          <input type="date" value={toDay} min={fromDay || undefined} onChange={(event) => setToDay(event.target.value)} />
        </label>
      </form>
      {error && <ErrorMessage error={error} />}
      {loading && !connection && <p aria-busy="true">Loading payments…</p>}
      {connection && connection.edges.length === 0 && <p className="muted">No payments match.</p>}
      {connection && connection.edges.length > 0 && (
        <div className="bo-table-wrap">
          <table className="bo-table" aria-label="Payments">
            <thead>
              <tr>
                <th scope="col">Created</th>
                <th scope="col">Order</th>
                <th scope="col">Status</th>
                <th scope="col" className="numeric">
                  Amount
                </th>
                <th scope="col" className="numeric">
                  Captured
                </th>
                <th scope="col" className="numeric">
                  Refunded
                </th>
                <th scope="col">Declined</th>
              </tr>
            </thead>
            <tbody>
              {connection.edges.map(({ node }) => (
                <tr key={node.id} data-payment={node.id} data-status={node.status}>
                  <td>{formatDateTime(node.createdAt)}</td>
                  <td>
                    <Link to={paths.backOffice.order(node.orderId)} aria-label={`Order ${shortId(node.orderId)}`}>
                      {shortId(node.orderId)}
                    </Link>
                  </td>
                  <td>{label(node.status)}</td>
                  <td className="numeric">{formatMoney(node.amount)}</td>
                  <td className="numeric">{node.amountCaptured.amount ? formatMoney(node.amountCaptured) : ''}</td>
                  <td className="numeric">{node.amountRefunded.amount ? formatMoney(node.amountRefunded) : ''}</td>
                  <td>{node.declineCode ? `${node.declineCode}${node.bank ? ` (${node.bank})` : ''}` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMoreButton page={connection} loading={networkStatus === NetworkStatus.fetchMore} onMore={(after) => fetchMore({ variables: { after }, updateQuery: appendPage('payments') })}>
        Load more payments
      </LoadMoreButton>
    </section>
  );
}
