import { useState, type FormEvent } from 'react';
import { useMutation } from '@apollo/client/react';
import { Link } from '../app/Link';
import { useSearchParam } from '../app/router';
import { paths, type SignInNotice } from '../app/routes';
import { STOREFRONT_SHOP } from '../app/shop';
import { ErrorMessage } from '../shared/ErrorMessage';
import { SignInMutation } from './account-operations';
import { completeSignIn } from './complete-sign-in';

const NOTICES: Record<SignInNotice, string> = {
  expired: 'Your session has ended. Please sign in again.',
  order: 'Sign in to start an order. New here? Create an account, it takes a moment.',
  orders: 'Sign in to see your orders.',
  account: 'Sign in to change your password.',
};

/** `next` overrides the `next` query parameter: pages that need an account render this in place. */
export function SignInPage({ next, notice }: { next?: string; notice?: SignInNotice } = {}) {
  const nextParam = useSearchParam('next');
  const noticeParam = useSearchParam('notice');
  const target = next ?? nextParam;
  const noticeKey = notice ?? noticeParam;
  const message = noticeKey && noticeKey in NOTICES ? NOTICES[noticeKey as SignInNotice] : undefined;
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [signIn, { loading, error, reset }] = useMutation(SignInMutation);

  async function submit(event: FormEvent) {
    event.preventDefault();
    reset();
    try {
      const { data } = await signIn({ variables: { shop: STOREFRONT_SHOP, email: email.trim(), password } });
      if (data) completeSignIn(data.signIn, target);
    } catch {
      // shown below from the mutation's error state
    }
  }

  return (
    <section className="account-page" aria-labelledby="sign-in-heading">
      <h1 id="sign-in-heading">Sign in</h1>
      {message && (
        <p className="notice" role="status">
          {message}
        </p>
      )}
      <form className="account-form" onSubmit={submit}>
        <label htmlFor="sign-in-email">Email</label>
        <input id="sign-in-email" type="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} />
        <label htmlFor="sign-in-password">Password</label>
        <input id="sign-in-password" type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />
        <button type="submit" className="button primary" disabled={loading}>
          {loading ? 'Signing in…' : 'Sign in'}
        </button>
        {error && <ErrorMessage error={error} onDismiss={reset} />}
      </form>
      <p>
        New here? <Link to={paths.signUp({ next: target ?? undefined })}>Create an account</Link>
      </p>
      <p>
        <Link to={paths.forgotPassword()}>Forgot your password?</Link>
      </p>
    </section>
  );
}
