import { useState, type FormEvent } from 'react';
import { useMutation } from '@apollo/client/react';
import type { Role } from '../../gql/graphql';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { CreateStaffAccountMutation } from './staff-operations';

/**
 * A STAFF or ADMIN account in the admin's own shop. The admin chooses the first password and
 * passes it on; the account signs in with it at once.
 */
export function NewStaffAccountForm() {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('STAFF');
  const [created, setCreated] = useState<string | null>(null);
  const [createAccount, { loading, error, reset }] = useMutation(CreateStaffAccountMutation, { refetchQueries: ['BackOfficeStaffAccounts'] });

  function submit(event: FormEvent) {
    event.preventDefault();
    reset();
    setCreated(null);
    createAccount({ variables: { name: name.trim(), email: email.trim(), password, role } })
      .then((result) => {
        if (!result.data) return;
        const account = result.data.createStaffAccount;
        setCreated(`${account.name} (${account.email}) can sign in now as ${account.role === 'ADMIN' ? 'an admin' : 'staff'}.`);
        setName('');
        setEmail('');
        setPassword('');
      })
      .catch(() => {});
  }

  return (
    <section aria-labelledby="new-staff-heading" className="bo-panel">
      <h2 id="new-staff-heading">New account</h2>
      <form className="bo-form" onSubmit={submit} aria-label="New staff account">
        <label>
          Name
          <input required value={name} onChange={(event) => setName(event.target.value)} autoComplete="off" />
        </label>
        <label>
          Email
          <input required type="email" value={email} onChange={(event) => setEmail(event.target.value)} autoComplete="off" />
        </label>
        <label>
          First password
          <input required type="password" value={password} onChange={(event) => setPassword(event.target.value)} autoComplete="new-password" aria-describedby="password-note" />
        </label>
        <label>
          Role
          <select value={role} onChange={(event) => setRole(event.target.value as Role)}>
            <option value="STAFF">Staff</option>
            <option value="ADMIN">Admin</option>
          </select>
        </label>
        <button type="submit" className="button primary" disabled={loading}>
          {loading ? 'Creating…' : 'Create account'}
        </button>
      </form>
      <p id="password-note" className="muted">
        At least 8 characters.
      </p>
      {created && (
        <p role="status" className="bo-success">
          {created}
        </p>
      )}
      {error && <ErrorMessage error={error} onDismiss={reset} />}
    </section>
  );
}
