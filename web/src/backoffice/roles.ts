import { useSession } from '../auth/session';

/** Who may open the back office; the API's own role checks stay the authority for every action. */
export const isStaffRole = (role: string | undefined) => role === 'STAFF' || role === 'ADMIN';

export function useBackOfficeRole(): 'STAFF' | 'ADMIN' | null {
  const role = useSession()?.role;
  return role === 'STAFF' || role === 'ADMIN' ? role : null;
}
