import { skipToken, useQuery } from '@apollo/client/react';
import { Link } from '../app/Link';
import { usePathname } from '../app/router';
import { matchRoute, paths } from '../app/routes';
import { MeQuery } from './account-operations';
import { useSession, type Session } from './session';
import { signOut } from './session-refresh';

const ROLE_LABELS: Record<string, string> = { CUSTOMER: 'Customer', STAFF: 'Staff', ADMIN: 'Admin' };
const roleLabel = (role: string) => ROLE_LABELS[role] ?? role;

function SignedIn({ session }: { session: Session }) {
  // A token put in place by other means than this app's sign-in carries no name: ask the API.
  const { data } = useQuery(MeQuery, session.user ? skipToken : {});
  const user = session.user ?? data?.me ?? null;
  return (
    <div className="account" role="group" aria-label="Account">
      <span>
        Signed in as <strong title={user?.email}>{user ? user.name || user.email : `a ${roleLabel(session.role).toLowerCase()}`}</strong>{' '}
        <span className="role-tag">{roleLabel(session.role)}</span>
      </span>
      <Link to={paths.changePassword()}>Password</Link>
      <button type="button" className="button" onClick={signOut}>
        Sign out
      </button>
    </div>
  );
}

function Anonymous() {
  const pathname = usePathname();
  const page = matchRoute(pathname).page;
  // Back to the page they were on; the account pages themselves are no place to return to.
  const next = page === 'sign-in' || page === 'sign-up' || page === 'catalog' ? undefined : pathname;
  return (
    <div className="account" role="group" aria-label="Account">
      <Link to={paths.signIn({ next })}>Sign in</Link>
      <Link to={paths.signUp({ next })}>Create account</Link>
    </div>
  );
}

/** Who is signed in, with a way out; or the ways in. */
export function AccountMenu() {
  const session = useSession();
  return session ? <SignedIn session={session} /> : <Anonymous />;
}
