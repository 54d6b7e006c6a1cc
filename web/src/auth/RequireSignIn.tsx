import type { ReactNode } from 'react';
import { currentPath } from '../app/router';
import type { SignInNotice } from '../app/routes';
import { useSession } from './session';
import { SignInPage } from './SignInPage';

/** Pages with account data: a visitor gets the sign-in form in their place, and comes back here after. */
export function RequireSignIn({ notice, children }: { notice: SignInNotice; children: ReactNode }) {
  const session = useSession();
  if (!session) return <SignInPage next={currentPath()} notice={notice} />;
  return <>{children}</>;
}
