import { useQuery } from '@apollo/client/react';
import '../bo-screens.css';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { formatDateTime } from '../../shared/format-date-time';
import { usePageTitle } from '../../app/use-page-title';
import { useSession } from '../../auth/session';
import { AccountAccessButton } from './AccountAccessButton';
import { NewStaffAccountForm } from './NewStaffAccountForm';
import { StaffAccountsQuery } from './staff-operations';

/** Admins: the shop's staff and admin accounts, and new ones. */
export function StaffScreen() {
  usePageTitle('Staff accounts · Back office');
  const { data, error, loading } = useQuery(StaffAccountsQuery, { fetchPolicy: 'cache-and-network' });
  const accounts = data?.staffAccounts ?? [];
  const ownId = useSession()?.userId;

  return (
    <div className="bo-screen staff-screen">
      <h1>Staff accounts</h1>
      <NewStaffAccountForm />
      <section aria-labelledby="staff-list-heading" className="bo-panel">
        <h2 id="staff-list-heading">Accounts</h2>
        <p className="muted">Staff run orders, inventory and payments; admins also the catalog and these accounts. Customers are not listed.</p>
        {error && <ErrorMessage error={error} />}
        {loading && !data && <p aria-busy="true">Loading accounts…</p>}
        {data && accounts.length === 0 && <p className="muted">No staff or admin accounts yet.</p>}
        {accounts.length > 0 && (
          <div className="bo-table-wrap">
            <table className="bo-table" aria-label="Staff accounts">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Since</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="bo-visually-hidden">Access</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {accounts.map((account) => (
                  <tr key={account.id} data-email={account.email} data-disabled={account.disabled}>
                    <th scope="row">{account.name}</th>
                    <td>{account.email}</td>
                    <td>{account.role === 'ADMIN' ? 'Admin' : 'Staff'}</td>
                    <td>{formatDateTime(account.createdAt)}</td>
                    <td>{account.disabled ? 'Disabled' : 'Active'}</td>
                    <td>
                      <AccountAccessButton account={account} own={account.id === ownId} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
