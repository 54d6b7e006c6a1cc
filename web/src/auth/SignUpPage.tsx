import { useState, type FormEvent } from 'react';
import { useMutation } from '@apollo/client/react';
import { Link } from '../app/Link';
import { useSearchParam } from '../app/router';
import { paths } from '../app/routes';
import { STOREFRONT_SHOP } from '../app/shop';
import { ErrorMessage } from '../shared/ErrorMessage';
import { SignUpMutation } from './account-operations';
import { completeSignIn } from './complete-sign-in';

/** A customer account of the storefront's shop; signed in straight away. */
export function SignUpPage() {
  const next = useSearchParam('next');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [signUp, { loading, error, reset }] = useMutation(SignUpMutation);

  async function submit(event: FormEvent) {
    event.preventDefault();
    reset();
    try {
      const { data } = await signUp({ variables: { shop: STOREFRONT_SHOP, name: name.trim(), email: email.trim(), password } });
      if (data) completeSignIn(data.signUp, next);
    } catch {
      // shown below from the mutation's error state
    }
  }

  return (
    <section className="account-page" aria-labelledby="sign-up-heading">
      <h1 id="sign-up-heading">Create an account</h1>
      <form className="account-form" onSubmit={submit}>
        <label htmlFor="sign-up-name">Name</label>
        <input id="sign-up-name" autoComplete="name" required value={name} onChange={(event) => setName(event.target.value)} />
        <label htmlFor="sign-up-email">Email</label>
        <input id="sign-up-email" type="email" autoComplete="email" required value={email} onChange={(event) => setEmail(event.target.value)} />
        <label htmlFor="sign-up-password">Password</label>
        <input id="sign-up-password" type="password" autoComplete="new-password" required value={password} onChange={(event) => setPassword(event.target.value)} />
        <button type="submit" className="button primary" disabled={loading}>
          {loading ? 'Creating your account…' : 'Create account'}
        </button>
        {error && <ErrorMessage error={error} onDismiss={reset} />}
      </form>
      <p>
        Already have an account? <Link to={paths.signIn({ next: next ?? undefined })}>Sign in</Link>
      </p>
    </section>
  );
}
