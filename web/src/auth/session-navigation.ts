import { currentPath, navigate } from '../app/router';
import { paths } from '../app/routes';
import { setCurrentOrderId } from '../orders/current-order';
import { dropExpiredSession, onSessionEnd } from './session';

/**
 * Where a visitor goes when their session ends: signing out returns to the (anonymous) catalog;
 * an expired or rejected token shows the sign-in page, which brings them back afterwards.
 */
export function followSessionEnds() {
  if (dropExpiredSession()) {
    setCurrentOrderId(null);
    navigate(paths.signIn({ next: currentPath(), notice: 'expired' }), { replace: true });
  }
  return onSessionEnd((reason) => {
    // The draft belongs to the account that just left.
    setCurrentOrderId(null);
    if (reason === 'expired') navigate(paths.signIn({ next: currentPath(), notice: 'expired' }));
    else navigate(paths.catalog());
  });
}
