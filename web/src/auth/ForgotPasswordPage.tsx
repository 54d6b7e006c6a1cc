import { useState, type FormEvent } from 'react';
import { useMutation } from '@apollo/client/react';
import { Link } from '../app/Link';
import { paths } from '../app/routes';
import { STOREFRONT_SHOP } from '../app/shop';
import { ErrorMessage } from '../shared/ErrorMessage';
import { RequestPasswordResetMutation } from './password-operations';

/** Asks for a reset mail. The answer is the same whether the shop has the account or not, and so is this page's. */
export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [requestReset, { loading, error, reset, data }] = useMutation(RequestPasswordResetMutation);

  async function submit(event: FormEvent) {
    event.preventDefault();
    reset();
    try {
      await requestReset({ variables: { shop: STOREFRONT_SHOP, email: email.trim() } });
    } catch {
      // shown below from the mutation's error state
    }
  }

  return (
    <section className="account-page" aria-labelledby="forgot-password-heading">
      <h1 id="forgot-password-heading">Forgot your password?</h1>
      {data ? (
        <p className="notice" role="status">
          If an account with {email.trim()} exists, we have sent it a link to choose a new password. It works once, for an hour.
        </p>
      ) : (
        <form className="account-form" onSubmit={submit}>
          <label htmlFor="forgot-password-email">Email</label>
          <input id="forgot-password-email" type="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} />
          <button type="submit" className="button primary" disabled={loading}>
            {loading ? 'Sending…' : 'Send a reset link'}
          </button>
          {error && <ErrorMessage error={error} onDismiss={reset} />}
        </form>
      )}
      <p>
        <Link to={paths.signIn()}>Back to sign in</Link>
      </p>
    </section>
  );
}
