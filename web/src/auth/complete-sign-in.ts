import { navigate } from '../app/router';
import { safeNextPath } from '../app/routes';
import { setCurrentOrderId } from '../orders/current-order';
import { startSession, type SessionPayload } from './session';

/** Keeps the new session and goes where the visitor was heading. */
export function completeSignIn(payload: SessionPayload, next: string | null) {
  // A draft chosen before belongs to whoever was signed in then.
  setCurrentOrderId(null);
  startSession(payload);
  navigate(safeNextPath(next), { replace: true });
}
