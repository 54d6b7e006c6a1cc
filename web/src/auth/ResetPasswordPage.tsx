import { useState, type FormEvent } from 'react';
import { useMutation } from '@apollo/client/react';
import { Link } from '../app/Link';
import { paths } from '../app/routes';
import { ErrorMessage } from '../shared/ErrorMessage';
import { ResetPasswordMutation } from './password-operations';

/** The mail's link carries the token in the fragment (`#token=…`), which the browser never sends to a server. */
const tokenFromLocation = () => new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';

export function ResetPasswordPage() {
  const [token] = useState(tokenFromLocation);
  const [password, setPassword] = useState('');
  const [resetPassword, { loading, error, reset, data }] = useMutation(ResetPasswordMutation);

  async function submit(event: FormEvent) {
    event.preventDefault();
    reset();
    try {
      await resetPassword({ variables: { token, newPassword: password } });
    } catch {
      // shown below from the mutation's error state
    }
  }

  return (
    <section className="account-page" aria-labelledby="reset-password-heading">
      <h1 id="reset-password-heading">Choose a new password</h1>
      {data ? (
        <p className="notice" role="status">
          Your password is changed, and every session of your account has ended. <Link to={paths.signIn()}>Sign in</Link> with the new one.
        </p>
      ) : !token ? (
        <p className="notice" role="status">
          This page needs the link from the reset mail. <Link to={paths.forgotPassword()}>Ask for one</Link>.
        </p>
      ) : (
        <form className="account-form" onSubmit={submit}>
          <label htmlFor="reset-password-new">New password</label>
          <input id="reset-password-new" type="password" autoComplete="new-password" minLength={8} required value={password} onChange={(event) => setPassword(event.target.value)} />
          <button type="submit" className="button primary" disabled={loading}>
            {loading ? 'Saving…' : 'Set the new password'}
          </button>
          {error && <ErrorMessage error={error} onDismiss={reset} />}
        </form>
      )}
    </section>
  );
}
