import type { AuthChecker } from 'type-graphql';
import type { RequestContext } from '../graphql/context';
import { ForbiddenError, UnauthenticatedError } from '../shared/errors';
import { hasRole, type Role } from './roles';

/**
 * The one place roles are enforced for `@Authorized(...)`: no principal → UNAUTHENTICATED, a
 * role below every one listed → FORBIDDEN. `@Authorized()` means any signed-in account.
 * Resolvers still check ownership where they load data (a customer sees only their orders).
 */
export const roleAuthChecker: AuthChecker<RequestContext, Role> = ({ context }, roles) => {
  const principal = context.principal;
  if (!principal) throw new UnauthenticatedError();
  if (roles.length > 0 && !roles.some((required) => hasRole(principal.role, required))) throw new ForbiddenError();
  return true;
};
