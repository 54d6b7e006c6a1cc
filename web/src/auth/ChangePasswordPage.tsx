import { useState, type FormEvent } from 'react';
import { useMutation } from '@apollo/client/react';
import { ErrorMessage } from '../shared/ErrorMessage';
import { ChangePasswordMutation } from './password-operations';
import { startSession } from './session';

/** For a signed-in account. The change ends every session, this one's too: the answer's new session takes its place. */
export function ChangePasswordPage() {
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [changePassword, { loading, error, reset, data }] = useMutation(ChangePasswordMutation);

  async function submit(event: FormEvent) {
    event.preventDefault();
    reset();
    try {
      const { data: changed } = await changePassword({ variables: { currentPassword, newPassword } });
      if (changed) startSession(changed.changePassword);
    } catch {
      // shown below from the mutation's error state
    }
  }

  return (
    <section className="account-page" aria-labelledby="change-password-heading">
      <h1 id="change-password-heading">Change your password</h1>
      {data ? (
        <p className="notice" role="status">
          Your password is changed. Every other session of your account has ended; this one goes on.
        </p>
      ) : (
        <form className="account-form" onSubmit={submit}>
          <label htmlFor="change-password-current">Current password</label>
          <input id="change-password-current" type="password" autoComplete="current-password" required value={currentPassword} onChange={(event) => setCurrentPassword(event.target.value)} />
          <label htmlFor="change-password-new">New password</label>
          <input id="change-password-new" type="password" autoComplete="new-password" minLength={8} required value={newPassword} onChange={(event) => setNewPassword(event.target.value)} />
          <button type="submit" className="button primary" disabled={loading}>
            {loading ? 'Saving…' : 'Change password'}
          </button>
          {error && <ErrorMessage error={error} onDismiss={reset} />}
        </form>
      )}
    </section>
  );
}
